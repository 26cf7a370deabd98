//! Where a page may send the browser next: only to a path on this site.
//!
//! The sign-in page, the language switch and the purpose page take a `next` path from the
//! query or the form. An attacker who links to `/lang/en?next=…` must not be able to send the
//! user to another site (an open redirect, the first step of phishing for the password), nor
//! to break the answer with a line break in the `Location` header.

/// The longest `next` path that is followed.
const MAX_NEXT: usize = 2048;

/// `next` when it is a path on this site, `/` otherwise.
///
/// A path here starts with one `/` and holds only visible ASCII without `\`. That refuses what
/// browsers read as another site: `//evil.example` and `/\evil.example` (scheme-relative;
/// browsers treat `\` as `/`), an absolute URL (`https://evil.example`, `javascript:…`), and
/// `/<tab>/evil.example` or `/ /evil.example`, since browsers drop tabs, line breaks and
/// leading spaces before parsing and so see `//evil.example`. Control characters (CR and LF
/// would split the header), whitespace and non-ASCII characters (a browser percent-encodes
/// them itself in a link) are refused too, so the answer's `Location` is always valid.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_string(),
        _ => "/".to_string(),
    }
}

fn is_local_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.len() <= MAX_NEXT
        && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(next: &str) {
        assert_eq!(local_path(Some(next)), "/", "{next:?} was followed");
    }

    #[test]
    fn local_paths_are_followed() {
        for next in [
            "/",
            "/partners",
            "/officers/0192?purpose=x%20y",
            "/missions?as_of=2024-04-17&q=EULEX#top",
            "/a//b",
        ] {
            assert_eq!(local_path(Some(next)), next);
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn a_tab_before_a_second_slash() {
        // GET /lang/en?next=/%09/evil.example: browsers drop the tab and go to evil.example.
        refused("/\t/evil.example");
    }

    #[test]
    fn line_breaks_that_would_split_the_location_header() {
        refused("/\r\nSet-Cookie: x=1");
        refused("/\n/evil.example");
        refused("/\r/evil.example");
        refused("/ok\r\n");
    }

    #[test]
    fn scheme_relative_urls() {
        refused("//evil.example");
        refused("//evil.example/path");
        refused("///evil.example");
    }

    #[test]
    fn backslashes_which_browsers_read_as_slashes() {
        refused("/\\evil.example");
        refused("\\\\evil.example");
        refused("/\\/evil.example");
        refused("/partners\\..\\..\\evil");
    }

    #[test]
    fn absolute_urls() {
        refused("https://evil.example/");
        refused("http://evil.example");
        refused("javascript:alert(1)");
        refused("data:text/html,<script>alert(1)</script>");
        refused("evil.example");
        refused("");
    }

    #[test]
    fn whitespace() {
        refused(" /evil");
        refused("/ /evil.example");
        refused("/\u{a0}/evil.example");
        refused("/\u{3000}/evil.example");
        refused("/\u{c}/evil.example");
        refused("/\u{b}/evil.example");
    }

    #[test]
    fn control_and_other_invisible_characters() {
        refused("/\0/evil.example");
        refused("/\u{7f}/evil.example");
        refused("/\u{85}/evil.example");
        refused("/\u{202e}lepmaxe.live");
        refused("/\u{feff}/evil.example");
        refused("/caf\u{e9}");
    }

    #[test]
    fn very_long_paths() {
        refused(&format!("/{}", "a".repeat(MAX_NEXT)));
        assert_eq!(
            local_path(Some(&format!("/{}", "a".repeat(100)))).len(),
            101
        );
    }
}
