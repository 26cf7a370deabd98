//! The pages, one module per feature. Each reads its input, calls use cases and renders a
//! template, and declares its own routes; [`routes`] gathers them into the one route table
//! (`crate::routes`), which the router, the access gate, the OpenAPI document and the test
//! that walks every route are built from.

pub mod agreements;
pub mod assistance;
pub mod audit;
pub mod care;
pub mod dashboard;
pub mod import;
pub mod instruments;
pub mod missions;
pub mod officers;
pub mod partners;
pub mod reports;
pub mod retention;
pub mod session;
pub mod spoc;
pub mod spoc_registers;
pub mod spoc_statistics;
pub mod teams;
pub mod users;

use crate::auth::Access::Public;
use crate::routes::{Route, route};
use axum::http::Method;

/// Every page route of the node, feature by feature.
pub(crate) fn routes() -> Vec<Route> {
    let mut routes = vec![route(
        Method::GET,
        "/assets/{name}",
        Public,
        "Embedded stylesheet, script and icons",
        crate::ui::assets::serve,
    )];
    for feature in [
        session::routes,
        dashboard::routes,
        reports::routes,
        missions::routes,
        officers::routes,
        retention::routes,
        teams::routes,
        partners::routes,
        audit::routes,
        users::routes,
        import::routes,
        instruments::routes,
        agreements::routes,
        assistance::routes,
        care::routes,
        spoc::routes,
        spoc_registers::routes,
        spoc_statistics::routes,
    ] {
        routes.extend(feature());
    }
    routes
}

/// Every locale key the pages use through data rather than in their templates: the fields,
/// filters and columns of every form and list, the month names of the calendar, the kinds of
/// the partner timeline (checked by the test below).
pub fn locale_keys() -> Vec<String> {
    let mut keys = crate::ui::page_spec::locale_keys();
    let registry_forms = [
        missions::location_fields(),
        missions::mission_fields(),
        officers::officer_fields(),
        officers::deployment_fields(),
        teams::team_fields(),
        partners::partner_fields(),
        agreements::agreement_fields(),
    ];
    for f in registry_forms.iter().flatten() {
        keys.extend(f.keys());
    }
    for f in agreements::agreement_filters() {
        keys.push(f.label.to_string());
    }
    keys.extend(assistance::MONTHS.iter().map(|m| m.to_string()));
    keys.extend(
        [
            "mission",
            "agreement",
            "placement",
            "assistance",
            "programme",
            "commitment",
        ]
        .iter()
        .map(|k| format!("instrument.{k}")),
    );
    keys.push("security_level.none".to_string());
    keys.extend(spoc::locale_keys());
    keys.extend(spoc_statistics::locale_keys());
    keys
}

#[cfg(test)]
mod tests {
    use crate::ui::i18n::{Lang, Texts};

    #[test]
    fn every_text_the_pages_use_through_data_exists_in_both_languages() {
        let keys = super::locale_keys();
        let mut missing = Vec::new();
        for lang in [Lang::Nl, Lang::En] {
            let t = Texts { lang };
            missing.extend(
                keys.iter()
                    .filter(|key| t.find(key).is_none())
                    .map(|key| format!("{}: {key}", lang.code())),
            );
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "missing texts: {missing:#?}");
    }
}
