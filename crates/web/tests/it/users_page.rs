//! The users page (issue 13): an admin creates an account with a long password, a refused form
//! comes back with its values, its ticked roles and the error at the field, focused; the roles
//! have names and a line on what they may, in the page's language.

use crate::browser::browser;
use crate::{Node, nodes};
use fantoccini::Locator;
use grenzeloos_app::accounts::Client;
use grenzeloos_domain::access::Role;
use std::time::Duration;

const LONG_PASSWORD: &str = "lange zin van 24 tekens!";

async fn post_user(node: &Node, form: &[(&str, &str)]) -> (u16, String) {
    let response = node
        .as_role(Role::Admin, node.http.post(node.url("/users")).form(form))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The new-user form's checkbox for `role`, as the page has it.
fn role_box<'a>(html: &'a str, role: &str) -> &'a str {
    let form = &html[html.find("id=\"new-user\"").unwrap()..];
    let at = form
        .find(&format!("name=\"role\" value=\"{role}\""))
        .unwrap_or_else(|| panic!("no {role} box"));
    &form[at..at + form[at..].find('>').unwrap()]
}

#[tokio::test]
async fn an_admin_creates_a_user_with_a_long_password_who_can_then_sign_in() {
    assert_eq!(LONG_PASSWORD.chars().count(), 24);
    for node in nodes().await {
        let b = node.backend.clone();
        let (status, html) = post_user(
            &node,
            &[
                ("username", "nieuwe.collega"),
                ("display_name", "Nieuwe collega"),
                ("password", LONG_PASSWORD),
                ("role", "policy"),
                ("role", "spoc"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{b}: {html}");
        assert!(html.contains("Aangemaakt: nieuwe.collega"), "{b}");
        let session = node
            .app
            .login("nieuwe.collega", LONG_PASSWORD, &Client::default())
            .await
            .unwrap_or_else(|e| panic!("{b}: {e:?}"));
        assert_eq!(session.actor.roles, [Role::Policy, Role::Spoc], "{b}");
        // The password is nowhere on the page.
        assert!(!html.contains(LONG_PASSWORD), "{b}");
    }
}

#[tokio::test]
async fn a_refused_form_keeps_its_values_and_roles_and_shows_the_error_at_the_field() {
    for node in nodes().await {
        let b = node.backend.clone();
        // Too short a password: at the password, focused, the rest kept (not the password).
        let (status, html) = post_user(
            &node,
            &[
                ("username", "kort.wachtwoord"),
                ("display_name", "Kort Wachtwoord"),
                ("password", "kort123"),
                ("role", "policy"),
                ("role", "spoc"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{b}");
        assert!(
            html.contains("<p class=\"field-error\" id=\"e-password\">Het wachtwoord moet minstens 12 tekens hebben.</p>"),
            "{b}: {html}"
        );
        assert!(
            html.contains("name=\"password\" type=\"password\" autocomplete=\"new-password\" required aria-invalid=\"true\" aria-describedby=\"e-password\" autofocus>"),
            "{b}"
        );
        assert_eq!(
            html.matches(" autofocus").count(),
            1,
            "{b}: one field has the focus"
        );
        assert!(
            html.contains("href=\"#f-password\""),
            "{b}: the summary links to the field"
        );
        assert!(html.contains("value=\"kort.wachtwoord\""), "{b}");
        assert!(html.contains("value=\"Kort Wachtwoord\""), "{b}");
        assert!(
            !html.contains("kort123"),
            "{b}: the password is not sent back"
        );
        assert!(role_box(&html, "policy").contains(" checked"), "{b}");
        assert!(role_box(&html, "spoc").contains(" checked"), "{b}");
        assert!(!role_box(&html, "admin").contains(" checked"), "{b}");
        assert!(
            node.app
                .login("kort.wachtwoord", "kort123", &Client::default())
                .await
                .is_err(),
            "{b}: nothing was created"
        );

        // Roles that may not go together: at the roles, both still ticked, the first box focused.
        let (status, html) = post_user(
            &node,
            &[
                ("username", "te.veel"),
                ("password", LONG_PASSWORD),
                ("role", "admin"),
                ("role", "supervisor"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{b}");
        assert!(
            html.contains("id=\"e-roles\">De rollen beheerder en toezichthouder gaan niet samen"),
            "{b}"
        );
        assert!(role_box(&html, "admin").contains(" checked"), "{b}");
        assert!(role_box(&html, "admin").contains(" autofocus"), "{b}");
        assert!(role_box(&html, "supervisor").contains(" checked"), "{b}");
        assert!(!role_box(&html, "policy").contains(" checked"), "{b}");
        assert!(html.contains("value=\"te.veel\""), "{b}");

        // Everything wrong at once: each field says so, the summary links to each, and the
        // first gets the focus.
        let (status, html) =
            post_user(&node, &[("username", "Geen Rol"), ("password", "kort")]).await;
        assert_eq!(status, 400, "{b}");
        assert!(
            html.contains("id=\"e-username\">Gebruik 2 tot 64 kleine letters"),
            "{b}"
        );
        assert!(
            html.contains("aria-describedby=\"e-username\" autofocus>"),
            "{b}"
        );
        assert!(
            html.contains("id=\"e-roles\">Dit veld is verplicht."),
            "{b}: {html}"
        );
        assert!(
            html.contains("id=\"e-password\">Het wachtwoord moet"),
            "{b}"
        );
        for field in ["username", "password", "roles"] {
            assert!(
                html.contains(&format!("href=\"#f-{field}\"")),
                "{b}: {field}"
            );
        }
        assert_eq!(html.matches(" autofocus").count(), 1, "{b}");
        // A username that is taken.
        let (status, html) = post_user(
            &node,
            &[
                ("username", "admin"),
                ("password", LONG_PASSWORD),
                ("role", "policy"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{b}");
        assert!(html.contains("id=\"e-username\""), "{b}: {html}");
    }
}

#[tokio::test]
async fn roles_have_names_and_a_line_on_what_they_may_in_the_pages_language() {
    for node in nodes().await {
        let b = node.backend.clone();
        for (lang, name, about, badge) in [
            (
                "nl",
                "Toezichthouder",
                "leest en controleert de audittrail",
                "Beleidsmedewerker</span>",
            ),
            (
                "en",
                "Supervisor",
                "reads and verifies the audit trail",
                "Policy officer</span>",
            ),
        ] {
            let html = node
                .as_role(Role::Admin, node.http.get(node.url("/users")))
                .header("cookie", format!("grenzeloos_lang={lang}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                html.contains(&format!("<strong>{name}</strong>")),
                "{b} {lang}"
            );
            assert!(html.contains(about), "{b} {lang}");
            // In the table too: the badge of user r-policy, and each box described.
            assert!(html.contains(badge), "{b} {lang}");
            assert!(
                html.contains("aria-describedby=\"role-about-supervisor\""),
                "{b} {lang}"
            );
            // The new-user form comes before the list of users.
            assert!(
                html.find("id=\"new-user\"").unwrap() < html.find("<table").unwrap(),
                "{b}"
            );
            for role in Role::ALL {
                for shown in [format!("\">{role}</span>"), format!("> {role}</label>")] {
                    assert!(!html.contains(&shown), "{b} {lang}: {role} shown as a code");
                }
            }
        }
    }
}

/// At 1,400 px, as an admin sees it: the form is in sight, a too short password comes back
/// focused with the roles still ticked, and with 24 characters the account is made and signs in.
#[tokio::test]
async fn in_the_browser_an_admin_creates_a_user_who_then_signs_in() {
    let node = nodes().await.into_iter().next().unwrap();
    let b = browser().await;
    let base = node.base.clone();
    b.client.set_window_size(1400, 900).await.unwrap();
    b.sign_in(&base, "admin", "grenzeloos-demo").await;
    b.client.goto(&format!("{base}/users")).await.unwrap();
    let in_sight = b
        .client
        .execute(
            "const r = document.getElementById('f-username').getBoundingClientRect(); return r.bottom <= window.innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(in_sight, serde_json::json!(true), "the form is in sight");
    let fill = |css: &'static str, text: &'static str| {
        let client = b.client.clone();
        async move {
            client
                .find(Locator::Css(css))
                .await
                .unwrap()
                .send_keys(text)
                .await
                .unwrap();
        }
    };
    fill("#f-username", "browser.collega").await;
    fill("#f-display_name", "Browser Collega").await;
    fill("#f-password", "te kort").await;
    for role in ["policy", "liaison"] {
        b.client
            .find(Locator::Css(&format!(
                "#new-user input[name=role][value={role}]"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    b.client
        .find(Locator::Css("#new-user button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#e-password"))
        .await
        .unwrap();
    let focused = b
        .client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, serde_json::json!("f-password"));
    let ticked = b
        .client
        .execute(
            "return [...document.querySelectorAll('#new-user input[name=role]:checked')].map(e => e.value);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(ticked, serde_json::json!(["policy", "liaison"]));
    b.screenshot("users-refused").await;
    // The focus is in the password field: type the long one there and send.
    fill("#f-password", LONG_PASSWORD).await;
    b.client
        .find(Locator::Css("#new-user button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let notice = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".notice.ok"))
        .await
        .unwrap();
    assert!(
        notice
            .text()
            .await
            .unwrap()
            .contains("Aangemaakt: browser.collega")
    );
    b.sign_out().await;
    b.sign_in(&base, "browser.collega", LONG_PASSWORD).await;
    assert!(b.text("header.top .who").await.contains("Browser Collega"));
}
