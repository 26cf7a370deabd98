//! Issue 10, "Holds under abuse": the findings of the outside probe at the use cases.

use crate::{actor, apps, audit_count};
use grenzeloos_app::accounts::{Channel, Client, NewUser};
use grenzeloos_app::import::ImportKind;
use grenzeloos_app::{Actor, App, AppError};
use grenzeloos_domain::access::Role;
use grenzeloos_store::audit::Filter;
use grenzeloos_store::testing::{fresh_stores_with, test_clock};
use jiff::SignedDuration;

const PASSWORD: &str = "long enough password";

async fn with_user(app: &App, username: &str, roles: &[&str]) -> String {
    let input = NewUser {
        username: username.into(),
        display_name: None,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        password: PASSWORD.into(),
    };
    app.add_user(
        &Actor::person("test", "test", "test", &[Role::Admin]),
        &input,
    )
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
        let admin = app
            .login("beheer", PASSWORD, &Client::default())
            .await
            .unwrap()
            .actor;
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
        let unchanged = app
            .login("beheer", PASSWORD, &Client::default())
            .await
            .unwrap()
            .actor;
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

// -- tokens ---------------------------------------------------------------------------------------

/// Finding: a stolen API token could create new tokens (up to 366 days) that survive revoking
/// the original.
#[tokio::test]
async fn a_token_cannot_make_tokens_only_a_password_session_can() {
    for (backend, app) in apps().await {
        with_user(&app, "dirk", &["deployment"]).await;
        let session = app
            .login("dirk", PASSWORD, &Client::default())
            .await
            .unwrap();
        let first = app
            .create_token(
                &session.actor,
                Some(&session.token),
                &Client::default(),
                "script",
                None,
            )
            .await
            .unwrap();
        let stolen = app.token_actor(&first.secret).await.unwrap();
        let before = audit_count(&app).await;
        assert!(
            matches!(
                app.create_token(&stolen, None, &Client::default(), "mine now", Some(366))
                    .await,
                Err(AppError::NeedsSession(_))
            ),
            "{backend}"
        );
        assert_eq!(
            audit_count(&app).await,
            before + 1,
            "the refusal is audited"
        );
        // Nor with a session secret that is not this user's live session.
        app.logout(&session.token).await.unwrap();
        assert!(matches!(
            app.create_token(&stolen, Some(&session.token), &Client::default(), "x", None)
                .await,
            Err(AppError::Unauthenticated)
        ));
        assert_eq!(app.tokens(&stolen).await.unwrap().len(), 1, "{backend}");
    }
}

/// A token lives at most the configured number of days, which is also its default.
#[tokio::test]
async fn a_tokens_lifetime_has_a_configured_maximum() {
    for (backend, mut app) in apps().await {
        app.settings.token_max_days = 30;
        with_user(&app, "hans", &["policy"]).await;
        let session = app
            .login("hans", PASSWORD, &Client::default())
            .await
            .unwrap();
        let make = |days: Option<i64>| {
            let (app, session) = (&app, &session);
            async move {
                app.create_token(
                    &session.actor,
                    Some(&session.token),
                    &Client::default(),
                    "t",
                    days,
                )
                .await
            }
        };
        match make(Some(31)).await {
            Err(AppError::Invalid(v)) => {
                assert_eq!(v.field.as_deref(), Some("valid_days"), "{backend}");
                assert!(v.message.contains("1 to 30 days"), "{}", v.message);
            }
            other => panic!("{backend}: {other:?}"),
        }
        let default = make(None).await.unwrap();
        let expires = default.token.expires_at.unwrap_or_default();
        assert!(
            expires.starts_with("2026-04-15T09:00:00."),
            "{backend}: {expires} is not thirty days from the test clock's start"
        );
        make(Some(30)).await.unwrap();
    }
}

/// The tokens list says where each token came from: the session, the address, the agent.
#[tokio::test]
async fn the_tokens_list_shows_where_each_token_came_from() {
    for (backend, app) in apps().await {
        with_user(&app, "ines", &["policy"]).await;
        let from_api = Client {
            address: Some("203.0.113.5".parse().unwrap()),
            agent: Some("curl".into()),
            channel: Channel::Api,
        };
        let session = app.login("ines", PASSWORD, &from_api).await.unwrap();
        let browser = Client {
            address: Some("2001:db8::7".parse().unwrap()),
            agent: Some("Firefox".into()),
            channel: Channel::Browser,
        };
        app.create_token(
            &session.actor,
            Some(&session.token),
            &browser,
            "rapport",
            None,
        )
        .await
        .unwrap();
        let listed = &app.tokens(&session.actor).await.unwrap()[0];
        assert_eq!(
            (
                listed.created_from.as_deref(),
                listed.client_address.as_deref(),
                listed.user_agent.as_deref()
            ),
            (Some("api_session"), Some("2001:db8::7"), Some("Firefox")),
            "{backend}"
        );
    }
}

// -- sign-in throttling ---------------------------------------------------------------------------

fn from(address: &str) -> Client {
    Client {
        address: Some(address.parse().unwrap()),
        agent: None,
        channel: Channel::Browser,
    }
}

fn refused(result: Result<grenzeloos_app::accounts::LoginSession, AppError>) -> String {
    match result {
        Err(AppError::Invalid(v)) if v.code == "login_failed" => v.message,
        Err(other) => panic!("refused otherwise: {other:?}"),
        Ok(_) => panic!("signed in"),
    }
}

/// Finding: five failed sign-ins every 15 minutes kept any known account locked. Now the
/// attempts wait, longer with every failure, and the owner's own address is not held up.
#[tokio::test]
async fn failed_sign_ins_make_further_attempts_wait_longer_and_longer() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        let app = App::new(store);
        with_user(&app, "bert", &["policy"]).await;
        let attacker = from("203.0.113.66");
        for _ in 0..app.settings.max_failed_logins {
            refused(app.login("bert", "wrong password!", &attacker).await);
        }
        // Now even the right password waits, from that address or any other new one…
        refused(app.login("bert", PASSWORD, &attacker).await);
        refused(app.login("bert", PASSWORD, &from("198.51.100.9")).await);
        // …for one second, then two, then four.
        clock.advance(SignedDuration::from_secs(1));
        refused(app.login("bert", "wrong again!", &attacker).await);
        clock.advance(SignedDuration::from_secs(1));
        refused(app.login("bert", PASSWORD, &from("198.51.100.9")).await);
        clock.advance(SignedDuration::from_secs(1));
        app.login("bert", PASSWORD, &from("198.51.100.9"))
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
    }
}

/// An attacker elsewhere can slow the account down for strangers, never for an address its
/// owner signed in from; an admin releases it for the rest.
#[tokio::test]
async fn an_attacker_cannot_keep_the_owner_out_and_an_admin_releases_the_account() {
    for (backend, app) in apps().await {
        let bert = with_user(&app, "bert", &["policy"]).await;
        let office = from("192.0.2.10");
        app.login("bert", PASSWORD, &office).await.unwrap();
        // Failures from many addresses, a few each (as a botnet would).
        for i in 0..40 {
            let _ = app
                .login("bert", "guess", &from(&format!("203.0.113.{i}")))
                .await;
        }
        let users = app.users(&actor(Role::Admin)).await.unwrap();
        let listed = users.iter().find(|u| u.id == bert).unwrap();
        assert!(listed.locked_until.is_some(), "{backend}");
        // The owner at the office signs in all the same.
        app.login("bert", PASSWORD, &office)
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        // At home (an address new to the account) the owner waits, until an admin releases it.
        for i in 100..110 {
            let _ = app
                .login("bert", "guess", &from(&format!("203.0.113.{i}")))
                .await;
        }
        let home = from("198.51.100.20");
        refused(app.login("bert", PASSWORD, &home).await);
        let before = audit_count(&app).await;
        app.unlock_user(&actor(Role::Admin), &bert).await.unwrap();
        assert_eq!(audit_count(&app).await, before + 1);
        app.login("bert", PASSWORD, &home)
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        assert!(matches!(
            app.unlock_user(&actor(Role::Policy), &bert).await,
            Err(AppError::Forbidden(_))
        ));
    }
}

/// Finding: a locked account answered 429 with its unlock time, an unknown one 401. Every
/// refusal is now the same answer.
#[tokio::test]
async fn unknown_wrong_inactive_and_waiting_get_the_same_answer() {
    for (backend, app) in apps().await {
        with_user(&app, "carla", &["policy"]).await;
        let dora = with_user(&app, "dora", &["policy"]).await;
        app.set_user_access(&actor(Role::Admin), &dora, &["policy".into()], false)
            .await
            .unwrap();
        let answers = [
            refused(
                app.login("nobody", "whatever password", &from("192.0.2.1"))
                    .await,
            ),
            refused(
                app.login("carla", "whatever password", &from("192.0.2.2"))
                    .await,
            ),
            refused(app.login("dora", PASSWORD, &from("192.0.2.3")).await),
        ];
        let waiting = from("192.0.2.4");
        for _ in 0..app.settings.max_failed_logins {
            refused(app.login("eve", "x", &waiting).await);
        }
        let answers = [
            answers.to_vec(),
            vec![refused(app.login("carla", PASSWORD, &waiting).await)],
        ]
        .concat();
        assert!(
            answers.windows(2).all(|w| w[0] == w[1]),
            "{backend}: {answers:?}"
        );
    }
}

/// Finding: a sign-in flood slowed an audited read from 2 ms to 136 ms, because each password
/// was checked while holding the database's write lock. Now the check runs before the lock is
/// taken (and off the async threads), so writers go ahead while passwords are checked.
#[tokio::test]
async fn passwords_are_checked_without_holding_the_write_lock() {
    for (backend, app) in apps().await {
        with_user(&app, "flood", &["policy"]).await;
        let attempts: Vec<_> = (0..12)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move {
                    let client = from(&format!("203.0.113.{i}"));
                    let _ = app.login("flood", "wrong password", &client).await;
                })
            })
            .collect();
        // Let the attempts start checking their passwords.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        // An audited write (a denied permission is one) gets the lock while they check.
        let _ = app
            .audit_events(&actor(Role::Policy), &Filter::default())
            .await;
        let still_checking = attempts.iter().filter(|a| !a.is_finished()).count();
        for attempt in attempts {
            attempt.await.unwrap();
        }
        assert!(
            still_checking > 0,
            "{backend}: the audited write waited for every password check"
        );
    }
}

// -- imports --------------------------------------------------------------------------------------

const HEADER: &str = "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date";

/// Finding: 20,000 bad rows took 10 s and the errors were not capped. Rows that break a rule
/// of their own are found on a blocking thread without the database: such a file does not
/// even wait for the write lock, and its errors come capped at 100 with the total.
#[tokio::test]
async fn a_file_of_bad_rows_is_refused_without_the_write_lock_with_capped_errors() {
    for (backend, app) in crate::demo_apps().await {
        let mut csv = format!("{HEADER}\n");
        for i in 0..20_000 {
            csv.push_str(&format!(
                "EULEX Kosovo,BAD-{i},A,B,male,,,F,2025-01-01,2024-01-01,planned,\n"
            ));
        }
        // Someone else writes all the while.
        let writer = app.store.write().await.unwrap();
        let refused = tokio::time::timeout(
            std::time::Duration::from_secs(60),
            app.import(&actor(Role::Deployment), ImportKind::Deployments, csv, true),
        )
        .await
        .unwrap_or_else(|_| panic!("{backend}: the import waited for the write lock"));
        drop(writer);
        match refused {
            Err(AppError::Import(errors)) => {
                assert_eq!(errors.total, 20_000, "{backend}");
                assert_eq!(errors.errors.len(), 100);
                assert_eq!(errors.errors[0].line, 2);
                assert_eq!(errors.errors[0].field.as_deref(), Some("end"));
            }
            other => panic!("{backend}: {other:?}"),
        }
    }
}
