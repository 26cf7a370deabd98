use crate::{actor, apps};
use grenzeloos_app::accounts::{Client, NewUser};
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::access::Role;

async fn with_user(app: &grenzeloos_app::App, username: &str, role: &str) {
    let input = NewUser {
        username: username.into(),
        display_name: None,
        roles: vec![role.into()],
        password: "long enough password".into(),
    };
    app.add_user(
        &Actor::person(
            "test",
            "test",
            "test",
            &[grenzeloos_domain::access::Role::Admin],
        ),
        &input,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn login_starts_a_session_and_logout_ends_it() {
    for (backend, app) in apps().await {
        with_user(&app, "anna", "policy").await;
        let session = app
            .login("anna", "long enough password", &Client::default())
            .await
            .unwrap();
        let (actor, csrf) = app.session(&session.token).await.unwrap();
        assert_eq!(
            (actor.username.as_str(), actor.roles.as_slice()),
            ("anna", &[Role::Policy][..]),
            "{backend}"
        );
        assert_eq!(csrf, session.csrf_token);
        app.logout(&session.token).await.unwrap();
        assert!(
            matches!(
                app.session(&session.token).await,
                Err(AppError::Unauthenticated)
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_unknown_user_gets_the_same_answer_as_a_wrong_password() {
    for (backend, app) in apps().await {
        with_user(&app, "carla", "policy").await;
        let unknown = app
            .login("nobody", "whatever password", &Client::default())
            .await
            .unwrap_err()
            .to_string();
        let wrong = app
            .login("carla", "whatever password", &Client::default())
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(unknown, wrong, "{backend}");
    }
}

#[tokio::test]
async fn api_tokens_act_as_their_user_until_revoked() {
    for (backend, app) in apps().await {
        with_user(&app, "dirk", "deployment").await;
        let session = app
            .login("dirk", "long enough password", &Client::default())
            .await
            .unwrap();
        let created = app
            .create_token(
                &session.actor,
                Some(&session.token),
                &Client::default(),
                "report script",
                Some(30),
            )
            .await
            .unwrap();
        assert!(created.secret.starts_with("gzl_"));
        let actor = app.token_actor(&created.secret).await.unwrap();
        assert_eq!(actor.username, "dirk", "{backend}");
        app.revoke_token(&session.actor, &created.token.id)
            .await
            .unwrap();
        assert!(
            matches!(
                app.token_actor(&created.secret).await,
                Err(AppError::Unauthenticated)
            ),
            "{backend}"
        );
        assert!(matches!(
            app.token_actor("gzl_forged").await,
            Err(AppError::Unauthenticated)
        ));
    }
}

#[tokio::test]
async fn only_admins_manage_users_and_passwords_must_be_long() {
    for (backend, app) in apps().await {
        let input = NewUser {
            username: "eva".into(),
            display_name: None,
            roles: vec!["policy".into()],
            password: "long enough password".into(),
        };
        assert!(
            matches!(
                app.add_user(&actor(Role::Policy), &input).await,
                Err(AppError::Forbidden(_))
            ),
            "{backend}"
        );
        let short = NewUser {
            password: "short".into(),
            ..input.clone()
        };
        assert!(
            matches!(app.add_user(&actor(Role::Admin), &short).await, Err(AppError::Invalid(ref v)) if v.field.as_deref() == Some("password"))
        );
        let bad_role = NewUser {
            roles: vec!["king".into()],
            ..input.clone()
        };
        assert!(
            matches!(app.add_user(&actor(Role::Admin), &bad_role).await, Err(AppError::Invalid(ref v)) if v.code == "unknown_role")
        );
        app.add_user(&actor(Role::Admin), &input).await.unwrap();
        assert!(
            matches!(
                app.add_user(&actor(Role::Admin), &input).await,
                Err(AppError::Conflict(_))
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn changing_roles_ends_the_users_sessions() {
    for (backend, app) in apps().await {
        with_user(&app, "frank", "policy").await;
        let session = app
            .login("frank", "long enough password", &Client::default())
            .await
            .unwrap();
        let user_id = session.actor.user_id.clone();
        app.set_user_access(&actor(Role::Admin), &user_id, &["supervisor".into()], true)
            .await
            .unwrap();
        assert!(
            matches!(
                app.session(&session.token).await,
                Err(AppError::Unauthenticated)
            ),
            "{backend}"
        );
        let again = app
            .login("frank", "long enough password", &Client::default())
            .await
            .unwrap();
        assert_eq!(again.actor.roles, vec![Role::Supervisor]);
    }
}

#[tokio::test]
async fn an_expired_session_no_longer_signs_in() {
    for (backend, app) in apps().await {
        with_user(&app, "greet", "policy").await;
        let session = app
            .login("greet", "long enough password", &Client::default())
            .await
            .unwrap();
        assert!(app.session(&session.token).await.is_ok());
        let mut conn = app.store.read().await.unwrap();
        sqlx::query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000000Z'")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        assert!(
            matches!(
                app.session(&session.token).await,
                Err(AppError::Unauthenticated)
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_token_records_its_last_use_to_the_minute_without_writing_on_every_read() {
    for (backend, app) in apps().await {
        with_user(&app, "hans", "policy").await;
        let session = app
            .login("hans", "long enough password", &Client::default())
            .await
            .unwrap();
        let created = app
            .create_token(
                &session.actor,
                Some(&session.token),
                &Client::default(),
                "script",
                Some(1),
            )
            .await
            .unwrap();
        app.token_actor(&created.secret).await.unwrap();
        let first = app.tokens(&session.actor).await.unwrap()[0]
            .last_used_at
            .clone();
        assert!(first.is_some(), "{backend}");
        app.token_actor(&created.secret).await.unwrap();
        let second = app.tokens(&session.actor).await.unwrap()[0]
            .last_used_at
            .clone();
        assert_eq!(
            first, second,
            "{backend}: a second use within a minute wrote again"
        );
    }
}
