//! Issue 10, "Holds under abuse": the findings of the outside probe at the use cases.

use crate::{actor, apps};
use grenzeloos_app::accounts::NewUser;
use grenzeloos_app::{Actor, App, AppError};
use grenzeloos_domain::access::Role;
use grenzeloos_store::audit::Filter;

const PASSWORD: &str = "long enough password";

async fn with_user(app: &App, username: &str, roles: &[&str]) -> String {
    let input = NewUser {
        username: username.into(),
        display_name: None,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        password: PASSWORD.into(),
    };
    app.add_user(&Actor::operator("test", &[Role::Admin]), &input)
        .await
        .unwrap()
        .id
}

fn invalid_code(result: Result<impl std::fmt::Debug, AppError>) -> &'static str {
    match result {
        Err(AppError::Invalid(v)) => v.code,
        other => panic!("not refused as invalid: {other:?}"),
    }
}

// -- separation of duties -------------------------------------------------------------------------

/// Finding: an admin could give itself the supervisor role and read the audit trail.
#[tokio::test]
async fn an_admin_cannot_become_its_own_supervisor() {
    for (backend, app) in apps().await {
        let admin_id = with_user(&app, "beheer", &["admin"]).await;
        let admin = app.login("beheer", PASSWORD).await.unwrap().actor;
        // Not by adding the role to its own account,
        assert_eq!(
            invalid_code(
                app.set_user_access(
                    &admin,
                    &admin_id,
                    &["admin".into(), "supervisor".into()],
                    true
                )
                .await
            ),
            "separation_of_duties",
            "{backend}"
        );
        // nor by swapping its roles,
        assert_eq!(
            invalid_code(
                app.set_user_access(&admin, &admin_id, &["supervisor".into()], true)
                    .await
            ),
            "own_roles",
            "{backend}"
        );
        assert_eq!(
            invalid_code(
                app.set_user_access(&admin, &admin_id, &["admin".into(), "policy".into()], true)
                    .await
            ),
            "own_roles"
        );
        // nor for another account, nor at creation.
        let other = with_user(&app, "tweede", &["admin"]).await;
        assert_eq!(
            invalid_code(
                app.set_user_access(&admin, &other, &["admin".into(), "supervisor".into()], true)
                    .await
            ),
            "separation_of_duties"
        );
        let both = NewUser {
            username: "beide".into(),
            display_name: None,
            roles: vec!["supervisor".into(), "admin".into()],
            password: PASSWORD.into(),
        };
        assert_eq!(
            invalid_code(app.add_user(&admin, &both).await),
            "separation_of_duties"
        );
        let unchanged = app.login("beheer", PASSWORD).await.unwrap().actor;
        assert_eq!(unchanged.roles, vec![Role::Admin], "{backend}");
        // Saving one's own row unchanged is no change.
        app.set_user_access(&admin, &admin_id, &["admin".into()], true)
            .await
            .unwrap();
    }
}

/// Every role change is audited with who granted it and the roles before and after.
#[tokio::test]
async fn a_role_change_is_audited_with_who_granted_it_and_the_roles_before_and_after() {
    for (backend, app) in apps().await {
        let user = with_user(&app, "frank", &["policy"]).await;
        app.set_user_access(
            &actor(Role::Admin),
            &user,
            &["deployment".into(), "policy".into()],
            true,
        )
        .await
        .unwrap();
        let events = app
            .audit_events(
                &actor(Role::Supervisor),
                &Filter {
                    action: Some("user.update".into()),
                    limit: 10,
                    ..Filter::default()
                },
            )
            .await
            .unwrap();
        let event = &events[0];
        assert_eq!(event.actor, "test-admin", "{backend}");
        assert_eq!(event.object_id, user);
        let details: serde_json::Value =
            serde_json::from_str(event.details.as_deref().unwrap()).unwrap();
        assert_eq!(
            details,
            serde_json::json!({
                "granted_by": "test-admin",
                "roles_before": ["policy"],
                "roles_after": ["policy", "deployment"],
                "active_before": true,
                "active_after": true,
            }),
            "{backend}"
        );
    }
}
