//! The UI in a real browser: Debian's headless Chromium driven over WebDriver (chromedriver).
//! Few tests, each a whole task as a person does it. With GRENZELOOS_SCREENSHOTS=DIR they
//! also save screenshots (used for the README and the user guide).

use crate::nodes;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
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
        // chromedriver and the browsers it started share a process group: end them all.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
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
        .process_group(0)
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
                "--disable-quic", "--no-first-run", "--window-size=1280,900", "--lang=nl-NL",
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

    /// Whether the page is wider than the window (it scrolls sideways).
    pub async fn scrolls_sideways(&self) -> bool {
        self.client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth + 1",
                vec![],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap()
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

    /// Signs out with the page's button and waits for the sign-in page.
    pub async fn sign_out(&self) {
        self.client
            .find(Locator::Css("form[action='/logout'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("form[action='/login']"))
            .await
            .unwrap();
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
async fn the_staffing_desk_reads_the_overview_and_cannot_deploy_without_consent() {
    let node = nodes().await.into_iter().next().unwrap();
    let b = browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "staf", "grenzeloos-demo").await;

    // The overview of 24 November 2023, as in the annex.
    b.client
        .goto(&format!("{base}/overview?as_of=2023-11-24"))
        .await
        .unwrap();
    assert_eq!(b.text("#overview-total").await, "28");
    assert!(b.text("caption").await.contains("24 november 2023"));
    b.screenshot("overview").await;

    // Switch to English; the choice sticks on the next page.
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

    // A new deployment: first the purpose of consulting personal data, then the form.
    b.client
        .goto(&format!("{base}/deployments/new"))
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[action='/purpose']"))
        .await
        .unwrap();
    b.screenshot("purpose").await;
    // No purpose is chosen for the user: they choose one.
    b.client
        .find(Locator::Css("#purpose-1"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .find(Locator::Css("form[action='/purpose'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[action='/deployments']"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("New deployment"));
    // Every field has a label a screen reader announces.
    let unlabelled = b
        .client
        .execute(
            "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(e => !(e.id && document.querySelector('label[for=\"' + e.id + '\"]')) && !e.getAttribute('aria-label'))
                .map(e => e.name);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(unlabelled, serde_json::json!([]), "fields without a label");
    b.client
        .find(Locator::Css("#f-officer_id"))
        .await
        .unwrap()
        .select_by_index(1)
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#f-mission_id"))
        .await
        .unwrap()
        .select_by_label("EULEX Kosovo")
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#f-function"))
        .await
        .unwrap()
        .send_keys("Police adviser")
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#f-status"))
        .await
        .unwrap()
        .select_by_value("deployed")
        .await
        .unwrap();
    b.client.execute("document.getElementById('f-start').value = '2027-03-01'; document.getElementById('f-end').value = '2027-12-31';", vec![]).await.unwrap();
    let _ = form;
    b.client
        .find(Locator::Css(
            "form[action='/deployments'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Refused, with the reason at the consent field, in English, and the input kept.
    let error = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#e-consent_date"))
        .await
        .unwrap();
    assert!(
        error.text().await.unwrap().contains("consent"),
        "{}",
        error.text().await.unwrap()
    );
    let field = b
        .client
        .find(Locator::Css("#f-consent_date"))
        .await
        .unwrap();
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        b.client
            .find(Locator::Css("#f-function"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Police adviser")
    );
    b.screenshot("consent-error").await;

    // Sign out: back at the sign-in page, and the pages are closed again.
    b.sign_out().await;
    b.client.goto(&format!("{base}/overview")).await.unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[action='/login']"))
        .await
        .unwrap();
}

#[tokio::test]
async fn pages_for_each_role_render_and_screenshots_for_the_guide() {
    let node = nodes().await.into_iter().next().unwrap();
    let b = browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "beleid", "grenzeloos-demo").await;
    b.screenshot("dashboard-policy").await;
    // Policy has no officers page in its menu, and the server refuses it too.
    assert!(
        b.client
            .find(Locator::Css("nav.main a[href='/officers']"))
            .await
            .is_err()
    );
    b.client.goto(&format!("{base}/officers")).await.unwrap();
    assert!(b.text("h1").await.contains("Geen toegang"));
    b.client
        .goto(&format!("{base}/missions?state=all"))
        .await
        .unwrap();
    b.screenshot("missions").await;
    b.client
        .find(Locator::LinkText("EUBAM Libië"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("ol.timeline"))
        .await
        .unwrap();
    assert!(b.text("ol.timeline").await.contains("Tunesië"));
    b.screenshot("mission").await;
    // On a tablet in portrait the pages fit the width: nothing scrolls sideways but tables.
    b.client.set_window_size(820, 1180).await.unwrap();
    for page in ["/overview?as_of=2024-04-17", "/missions?state=all"] {
        b.client.goto(&format!("{base}{page}")).await.unwrap();
        let fits = b
            .client
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            fits,
            serde_json::json!(true),
            "{page} is wider than a tablet"
        );
    }
    b.screenshot("overview-tablet").await;
    b.client.set_window_size(1280, 900).await.unwrap();
    b.client.goto(&format!("{base}/teams")).await.unwrap();
    assert!(b.text("table").await.contains("NL: 3, SE: 3"));

    let b2 = browser().await;
    b2.sign_in(&base, "toezicht", "grenzeloos-demo").await;
    b2.client
        .goto(&format!("{base}/audit?actor=beleid"))
        .await
        .unwrap();
    assert!(b2.text(".notice").await.contains("intact"));
    assert!(
        b2.text("table").await.contains("geweigerd"),
        "the refused visit to /officers is in the trail"
    );
    b2.screenshot("audit").await;
    assert!(
        b2.text("details.audit-domains summary")
            .await
            .contains("segmenten en verwijderde perioden")
    );
    b2.client
        .goto(&format!("{base}/audit?domain=forensic"))
        .await
        .unwrap();
    assert!(
        b2.text("select#domain").await.contains("Forensisch"),
        "the domain is chosen on the page"
    );
}
