//! Accessibility in the real browser, at 1,400 px (a desktop) and 400 px (a phone): the main
//! pages, each as a role that sees it, scanned with axe-core against WCAG 2.0, 2.1 and 2.2 A and
//! AA; no markup the Content-Security-Policy blocks; and on the phone no sideways scrolling, the
//! menu folded behind a button that opens and closes it (by mouse and keyboard), and the page's
//! content near the top.

use crate::browser::{Browser, browser};
use crate::nodes;
use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The test's own npm package, which pins axe-core (`package-lock.json`).
const AXE_PACKAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/axe");

/// The widths every page is checked at.
const DESKTOP: u32 = 1400;
const PHONE: u32 = 400;

/// How far down (CSS px) a phone may show the header before the page's own content starts.
const CONTENT_WITHIN: f64 = 150.0;

/// axe-core's source, installed with `npm ci` from the pinned lock file when it is missing, so
/// that the one test command works on a fresh machine (as `ensure_chromium` does for Chromium).
fn axe_source() -> String {
    let script = Path::new(AXE_PACKAGE).join("node_modules/axe-core/axe.min.js");
    if !script.exists() {
        let installed = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(AXE_PACKAGE)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            installed && script.exists(),
            "the accessibility test needs axe-core: run `npm ci` in {AXE_PACKAGE} (Node.js and npm)"
        );
    }
    std::fs::read_to_string(script).unwrap()
}

/// Runs axe on the open page: one line per failing element (rule, impact, element, what is wrong).
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
  resultTypes: ["violations"],
}).then(
  (result) => done(result.violations.flatMap((rule) => rule.nodes.map((node) =>
    `${rule.id} (${rule.impact}) at ${node.target.join(" ")}: ${rule.help}`))),
  (error) => done([`axe failed: ${error}`]),
);
"#;

/// Markup the Content-Security-Policy (`style-src 'self'; script-src 'self'`) would block: a
/// style attribute or element, an inline script, an event handler attribute.
const CSP_BLOCKED: &str = r#"
return [...document.querySelectorAll("[style], style, script:not([src])")]
  .map((e) => e.outerHTML.slice(0, 120))
  .concat([...document.querySelectorAll("*")]
    .filter((e) => [...e.attributes].some((a) => a.name.startsWith("on")))
    .map((e) => e.outerHTML.slice(0, 120)));
"#;

/// On a phone: how wide the page is (and what sticks out) and where its content starts.
const PHONE_LAYOUT: &str = r##"
const main = document.querySelector("main");
const first = [...main.children].find((e) => e.getClientRects().length > 0);
// What sticks out on the right (the innermost such elements), to say where the page is too wide.
const width = document.documentElement.clientWidth;
const clipped = (e) => {
  for (let p = e.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== "visible") return true;
  }
  return false;
};
const out = [...document.body.querySelectorAll("*")]
  .filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e))
  .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
  .slice(0, 3)
  .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    [...e.classList].map((c) => "." + c).join("") + ` (${Math.round(e.getBoundingClientRect().right)} px)`);
return {
  out,
  // The width within any vertical scroll bar.
  clientWidth: document.documentElement.clientWidth,
  scrollWidth: document.documentElement.scrollWidth,
  contentTop: (first || main).getBoundingClientRect().top + window.scrollY,
};
"##;

/// The focus ring of the focused element: a problem when it is missing, thinner than 2 px, or
/// has less than 3:1 contrast against what is around it (the first background behind it), or
/// against the control itself (its own background, unless the ring's gap, a box-shadow between
/// ring and control, has that contrast).
const FOCUS_RING: &str = r##"
const e = document.activeElement;
if (e === document.body) return null;
const rgb = (text) => (text.match(/rgba?\(([^)]*)\)/) || [null, "0, 0, 0, 0"])[1]
  .split(/[ ,\/]+/).filter((x) => x).map(Number);
const opaque = (c) => c.length < 4 || c[3] > 0.5;
const luminance = (c) => {
  const [r, g, b] = c.slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
let behind = [255, 255, 255];
for (let p = e.parentElement; p; p = p.parentElement) {
  const c = rgb(getComputedStyle(p).backgroundColor);
  if (opaque(c)) { behind = c; break; }
}
const style = getComputedStyle(e);
const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
  [...e.classList].map((c) => "." + c).join("") + " " + (e.textContent || "").trim().slice(0, 30);
if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return `${name}: no focus ring`;
const ring = rgb(style.outlineColor);
const own = rgb(style.backgroundColor);
const control = opaque(own) ? own : behind;
const gap = style.boxShadow === "none" ? null : rgb(style.boxShadow);
const around = contrast(ring, behind);
const against = Math.max(contrast(ring, control), gap ? contrast(gap, control) : 0);
if (around < 3 || against < 3)
  return `${name}: focus ring ${around.toFixed(1)}:1 against the page, ${against.toFixed(1)}:1 against the control`;
return null;
"##;

/// One step of the tour; the page it ends on is scanned.
enum Step {
    /// Open this path.
    Go(&'static str),
    /// Open the first link on the current page that matches this selector.
    Follow(&'static str),
    /// Open the purpose form, scan it, and choose the first purpose (going on to `/officers`).
    StatePurpose,
    /// Open this form and send it empty: the page with the errors at the fields is scanned.
    SendEmpty(&'static str),
}

/// The pages of the tour, by the demo account that sees them.
fn tour() -> Vec<(Option<&'static str>, Vec<Step>)> {
    use Step::*;
    vec![
        (None, vec![Go("/login")]),
        (
            Some("staf"),
            vec![
                Go("/"),
                // Names (also in a mission's deployments) only once the purpose is stated.
                StatePurpose,
                Follow("#results td a[href^='/officers/']"),
                Go("/overview?as_of=2023-11-24"),
                Go("/annex"),
                Go("/missions?state=all"),
                Follow("#results td a[href^='/missions/']"),
                Go("/teams"),
                Go("/partners"),
                Follow("main td a[href^='/partners/']"),
                Go("/agreements"),
                Follow("#results td a[href^='/agreements/']"),
                Go("/assistance"),
                Go("/assistance/calendar"),
                Go("/care"),
                Go("/instruments"),
                Go("/import"),
                Go("/retention"),
                SendEmpty("/missions/new"),
                SendEmpty("/deployments/new"),
                // Refused: the page that says so.
                Go("/audit"),
            ],
        ),
        (
            Some("spoc"),
            vec![
                Go("/spoc"),
                Follow("#results td a[href^='/spoc/cases/']"),
                SendEmpty("/spoc/cases/new"),
                // The Art 18(2) statistics with their charts (SPOC-12).
                Go("/spoc/statistics"),
                // A third country's request: its transfer assessment's form open (LED-03),
                // the consent register (BNL-01), the on-call judges (SPOC-15).
                Go("/spoc?partner=AE"),
                Follow("#results td a[href^='/spoc/cases/']"),
                Go("/spoc/languages"),
                Go("/spoc/judicial-contacts"),
            ],
        ),
        (Some("toezicht"), vec![Go("/audit")]),
        (Some("admin"), vec![Go("/users")]),
    ]
}

async fn wait_for(b: &Browser, css: &str) {
    if let Err(error) = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
    {
        let page = path(b).await;
        let text = b.text("main").await;
        panic!("{css} did not appear on {page} ({error}):\n{text}");
    }
}

/// Takes one step (scanning the pages on the way, where there are any).
async fn take(
    b: &Browser,
    base: &str,
    step: &Step,
    width: u32,
    axe: &str,
    problems: &mut Vec<String>,
) {
    match step {
        Step::Go(path) => b.client.goto(&format!("{base}{path}")).await.unwrap(),
        Step::Follow(css) => {
            let href = b
                .client
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no link {css}: {e}"))
                .attr("href")
                .await
                .unwrap()
                .unwrap();
            b.client.goto(&format!("{base}{href}")).await.unwrap();
        }
        Step::StatePurpose => {
            b.client
                .goto(&format!("{base}/purpose?next=%2Fofficers"))
                .await
                .unwrap();
            check_page(b, width, axe, problems).await;
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
            wait_for(b, "#results td a[href^='/officers/']").await;
        }
        Step::SendEmpty(path) => {
            b.client.goto(&format!("{base}{path}")).await.unwrap();
            b.client
                .find(Locator::Css("main form button[type=submit]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for(b, ".field-error").await;
        }
    }
}

async fn path(b: &Browser) -> String {
    let url = b.client.current_url().await.unwrap();
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

/// The open page's accessibility problems, each with the page and the width.
async fn check_page(b: &Browser, width: u32, axe: &str, problems: &mut Vec<String>) {
    let page = path(b).await;
    let inner = b
        .client
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap();
    assert_eq!(
        inner,
        json!(width),
        "the browser's viewport is {width} px wide"
    );
    let mut found: Vec<String> = Vec::new();
    let blocked = b.client.execute(CSP_BLOCKED, vec![]).await.unwrap();
    for markup in blocked.as_array().unwrap() {
        found.push(format!(
            "markup the CSP blocks: {}",
            markup.as_str().unwrap()
        ));
    }
    b.client
        .execute(&format!("{axe}\nreturn typeof axe;"), vec![])
        .await
        .unwrap();
    let violations = b.client.execute_async(RUN_AXE, vec![]).await.unwrap();
    for violation in violations.as_array().unwrap() {
        found.push(violation.as_str().unwrap().to_string());
    }
    if width == PHONE {
        found.extend(phone_problems(b).await);
    } else {
        // A desktop shows the menu itself, without the button.
        if let Ok(button) = b.client.find(Locator::Css(".menu-toggle")).await {
            assert!(
                !button.is_displayed().await.unwrap(),
                "{page}: menu button on a desktop"
            );
            assert!(menu_shown(b).await, "{page}: no menu on a desktop");
        }
    }
    problems.extend(found.into_iter().map(|p| format!("{width} px {page}: {p}")));
}

async fn menu_shown(b: &Browser) -> bool {
    b.client
        .find(Locator::Css("nav.main"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap()
}

async fn expanded(b: &Browser) -> Option<String> {
    b.client
        .find(Locator::Css(".menu-toggle"))
        .await
        .unwrap()
        .attr("aria-expanded")
        .await
        .unwrap()
}

/// A phone: nothing scrolls sideways, the content starts near the top, and the menu (when signed
/// in) is folded behind a button that opens and closes it.
async fn phone_problems(b: &Browser) -> Vec<String> {
    let mut found = Vec::new();
    let layout = b.client.execute(PHONE_LAYOUT, vec![]).await.unwrap();
    if layout["scrollWidth"].as_f64() > layout["clientWidth"].as_f64() {
        found.push(format!(
            "the page scrolls sideways: {} px wide, out at the right: {}",
            layout["scrollWidth"], layout["out"]
        ));
    }
    let top = layout["contentTop"].as_f64().unwrap();
    if top > CONTENT_WITHIN {
        found.push(format!("the content starts {top} px down"));
    }
    let Ok(button) = b.client.find(Locator::Css(".menu-toggle")).await else {
        return found;
    };
    if !button.is_displayed().await.unwrap() || menu_shown(b).await {
        found.push("the menu is not folded behind its button".into());
        return found;
    }
    assert_eq!(expanded(b).await.as_deref(), Some("false"));
    button.click().await.unwrap();
    if !menu_shown(b).await || expanded(b).await.as_deref() != Some("true") {
        found.push("the menu button does not open the menu".into());
    }
    button.click().await.unwrap();
    if menu_shown(b).await || expanded(b).await.as_deref() != Some("false") {
        found.push("the menu button does not close the menu".into());
    }
    found
}

/// Presses a key on whatever has the focus, as a person at a keyboard does.
async fn press(b: &Browser, key: Key) {
    let key = char::from(key);
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    b.client.perform_actions(keys).await.unwrap();
}

async fn focused_class(b: &Browser) -> Option<String> {
    b.client
        .active_element()
        .await
        .unwrap()
        .attr("class")
        .await
        .unwrap()
}

/// The menu by keyboard on a phone: Tab reaches the button, Enter opens the menu and Tab goes on
/// into it, Escape closes it and leaves the focus on the button.
async fn menu_by_keyboard(b: &Browser) {
    // From the top of the page: the skip link, the home link, then the menu button.
    let mut tabs = 0;
    while focused_class(b).await.as_deref() != Some("menu-toggle") {
        tabs += 1;
        assert!(tabs <= 3, "Tab does not reach the menu button");
        press(b, Key::Tab).await;
    }
    press(b, Key::Enter).await;
    assert!(menu_shown(b).await, "Enter does not open the menu");
    assert_eq!(expanded(b).await.as_deref(), Some("true"));
    b.screenshot("menu-phone-open").await;
    press(b, Key::Tab).await;
    let next = b.client.active_element().await.unwrap();
    assert!(
        next.attr("href")
            .await
            .unwrap()
            .unwrap_or_default()
            .starts_with("/lang/"),
        "after the menu button the focus goes into the menu (the language switch first)"
    );
    press(b, Key::Escape).await;
    assert!(!menu_shown(b).await, "Escape does not close the menu");
    assert_eq!(
        focused_class(b).await.as_deref(),
        Some("menu-toggle"),
        "after Escape the focus is back on the menu button"
    );
}

/// Without the script (taken back here: its class on the page) a phone shows the menu itself and
/// no button that could not work.
async fn menu_without_script(b: &Browser) {
    b.client
        .execute(
            "document.documentElement.classList.remove('menu-js', 'menu-open');",
            vec![],
        )
        .await
        .unwrap();
    let button = b.client.find(Locator::Css(".menu-toggle")).await.unwrap();
    assert!(
        !button.is_displayed().await.unwrap(),
        "a button without its script"
    );
    assert!(
        menu_shown(b).await,
        "without the script the menu is not shown"
    );
    assert!(
        b.client
            .find(Locator::Css("form[action='/logout'] button"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "without the script there is no way to sign out"
    );
}

/// Tabs through the first stops of the open page, checking each focus ring.
async fn focus_rings(b: &Browser, width: u32, problems: &mut Vec<String>) {
    let page = path(b).await;
    for _ in 0..30 {
        press(b, Key::Tab).await;
        let problem = b.client.execute(FOCUS_RING, vec![]).await.unwrap();
        if let Some(problem) = problem.as_str() {
            problems.push(format!("{width} px {page}: {problem}"));
        }
    }
}

#[tokio::test]
async fn the_main_pages_pass_an_accessibility_scan_at_desktop_and_phone_width() {
    let axe = axe_source();
    let node = nodes().await.into_iter().next().unwrap();
    let base = node.base.clone();
    let b = browser().await;
    let mut problems = Vec::new();
    for (user, steps) in tour() {
        b.client.delete_all_cookies().await.unwrap();
        if let Some(user) = user {
            b.sign_in(&base, user, grenzeloos_app::demo::DEMO_PASSWORD)
                .await;
        }
        for width in [DESKTOP, PHONE] {
            b.client.set_window_size(width, 900).await.unwrap();
            for step in &steps {
                take(&b, &base, step, width, &axe, &mut problems).await;
                check_page(&b, width, &axe, &mut problems).await;
            }
            if user == Some("staf") {
                b.client.goto(&format!("{base}/")).await.unwrap();
                if width == PHONE {
                    b.screenshot("menu-phone").await;
                    menu_by_keyboard(&b).await;
                    menu_without_script(&b).await;
                    b.client.goto(&format!("{base}/")).await.unwrap();
                }
                focus_rings(&b, width, &mut problems).await;
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} accessibility problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
