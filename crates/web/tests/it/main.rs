//! The API over real HTTP, on a fresh SQLite database and (with GRENZELOOS_TEST_POSTGRES)
//! a fresh PostgreSQL database.
#![allow(clippy::unwrap_used)]

mod access;
mod accessibility;
mod api;
mod api_instruments;
mod audit_page;
mod browser;
mod erasure;
mod forms_in_place;
mod import_page;
mod instrument_pages;
mod legal_basis;
mod lists;
mod security;
mod spoc;
mod spoc_pages;
mod spoc_registers;
mod spoc_statistics;
mod users_page;
mod valid_time;

use grenzeloos_app::accounts::{Client, NewUser};
use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::Role;
use grenzeloos_store::testing::fresh_stores;
use grenzeloos_web::WebConfig;
use std::collections::HashMap;

pub struct Node {
    pub backend: String,
    pub base: String,
    pub app: App,
    /// A personal API token per role (user `r-<role>` holds only that role).
    pub tokens: HashMap<Role, String>,
    pub http: reqwest::Client,
}

impl Node {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn as_role(&self, role: Role, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.bearer_auth(&self.tokens[&role])
    }

    pub async fn get(&self, role: Role, path: &str) -> reqwest::Response {
        self.as_role(role, self.http.get(self.url(path)))
            .send()
            .await
            .unwrap()
    }

    pub async fn send_json(
        &self,
        role: Role,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.as_role(role, self.http.request(method, self.url(path)).json(&body))
            .send()
            .await
            .unwrap()
    }
}

/// The number of events in the registry's audit trail, which must verify.
pub async fn audit_events(node: &Node) -> i64 {
    let mut conn = node.app.store.read().await.unwrap();
    grenzeloos_store::audit::verify(
        &mut conn,
        grenzeloos_store::Domain::Registry,
        node.app.store.audit_public_key().unwrap(),
    )
    .await
    .unwrap()
    .events
}

/// Serves a node per backend on a free loopback port, with the demo data and one account per role.
pub async fn nodes() -> Vec<Node> {
    nodes_with(WebConfig::default()).await
}

/// Like [`nodes`], served with `config`.
pub async fn nodes_with(config: WebConfig) -> Vec<Node> {
    serve_nodes(config, true).await
}

/// Like [`nodes`], without the SPOC desk's demo traffic: the case registry starts empty.
pub async fn desk_nodes() -> Vec<Node> {
    serve_nodes(WebConfig::default(), false).await
}

async fn serve_nodes(config: WebConfig, desk_demo: bool) -> Vec<Node> {
    let mut nodes = Vec::new();
    for (backend, store) in fresh_stores().await {
        let app = App::new(store);
        if desk_demo {
            app.load_demo().await.unwrap();
        } else {
            app.load_demo_registry().await.unwrap();
        }
        let mut tokens = HashMap::new();
        for role in Role::ALL {
            let username = format!("r-{role}");
            let input = NewUser {
                username: username.clone(),
                display_name: None,
                roles: vec![role.to_string()],
                password: "test password 123".into(),
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
            let session = app
                .login(&username, "test password 123", &Client::default())
                .await
                .unwrap();
            tokens.insert(
                role,
                app.create_token(
                    &session.actor,
                    Some(&session.token),
                    &Client::default(),
                    "test",
                    Some(1),
                )
                .await
                .unwrap()
                .secret,
            );
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let served = app.clone();
        let config = config.clone();
        tokio::spawn(async move { grenzeloos_web::serve(listener, served, config).await });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        nodes.push(Node {
            backend,
            base,
            app,
            tokens,
            http,
        });
    }
    nodes
}
