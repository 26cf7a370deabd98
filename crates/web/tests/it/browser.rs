//! The UI in a real browser: Debian's headless Chromium driven over WebDriver (chromedriver).
//! Few tests, each a whole task as a person does it. With GRENZELOOS_SCREENSHOTS=DIR they
//! also save screenshots (used for the README and the user guide).

use crate::nodes;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Installs Debian's Chromium and its driver when they are missing, so that the one test
/// command works on a fresh machine; refuses clearly where that is impossible.
fn ensure_chromium() {
    if std::path::Path::new(CHROMEDRIVER).exists() {
        return;
    }
    let installed = Command::new("sh")
        .arg("-c")
        .arg("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        installed && std::path::Path::new(CHROMEDRIVER).exists(),
        "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
    );
}

pub struct Browser {
    driver: Child,
    pub client: Client,
    profile: std::path::PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn browser() -> Browser {
    ensure_chromium();
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let profile =
        std::env::temp_dir().join(format!("grenzeloos-chromium-{}", uuid::Uuid::now_v7()));
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let webdriver = format!("http://127.0.0.1:{port}");
    let mut last_error = String::new();
    for _ in 0..50 {
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        match builder
            .capabilities(capabilities.clone())
            .connect(&webdriver)
            .await
        {
            Ok(client) => {
                return Browser {
                    driver,
                    client,
                    profile,
                };
            }
            Err(error) => last_error = error.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not start: {last_error}");
}

impl Browser {
    pub async fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("GRENZELOOS_SCREENSHOTS") {
            std::fs::create_dir_all(&dir).unwrap();
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, base: &str, username: &str, password: &str) {
        self.client.goto(&format!("{base}/login")).await.unwrap();
        let form = self
            .client
            .form(Locator::Css("form[action='/login']"))
            .await
            .unwrap();
        form.set_by_name("username", username).await.unwrap();
        form.set_by_name("password", password).await.unwrap();
        form.submit().await.unwrap();
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("nav.main"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_policy_officer_reads_the_overview_in_dutch_and_english() {
    let node = nodes().await.into_iter().next().unwrap();
    let b = browser().await;
    b.sign_in(&node.base, "beleid", "grenzeloos-demo").await;
    b.screenshot("dashboard").await;
    b.client
        .goto(&format!("{}/overview?as_of=2023-11-24", node.base))
        .await
        .unwrap();
    assert_eq!(b.text("#overview-total").await, "28");
    assert!(b.text("caption").await.contains("24 november 2023"));
    b.screenshot("overview").await;
    b.client
        .find(Locator::LinkText("English"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::LinkText("Nederlands"))
        .await
        .unwrap();
    assert!(
        b.text("h1")
            .await
            .contains("Overview of deployed police officers")
    );
    assert_eq!(b.text("#overview-total").await, "28");
}
