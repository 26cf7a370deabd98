//! Lists sorted by a column header: `?sort=<column>&dir=asc|desc`, on the server, keeping
//! every filter of the page's query. Text is ordered the Dutch way (case and accents do not
//! count, people by family name without particles: `grenzeloos_domain::names`), dates and
//! numbers as what they are.

use super::{Ctx, PageError, error_page};
use axum::http::StatusCode;
use grenzeloos_domain::names::{person_key, text_key};
use jiff::civil::Date;

/// What a column is ordered by. Within one column every row has the same kind; a missing
/// date or number comes first when ascending.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Text(String),
    Date(Option<Date>),
    Number(Option<i64>),
}

impl Key {
    /// A text that is no person's name, ordered the Dutch way.
    pub fn text(text: &str) -> Key {
        Key::Text(text_key(text))
    }

    /// A person, by family name without particles, then given name.
    pub fn person(family_name: &str, given_name: &str) -> Key {
        Key::Text(person_key(family_name, given_name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

/// The order a list was asked for: a column by its name, or the list's own order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub column: Option<usize>,
    pub dir: Dir,
}

/// A column a list may be sorted by: its name in the query and its header's locale key.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub label: &'static str,
    /// Right-aligned (numbers).
    pub numeric: bool,
}

pub const fn column(name: &'static str, label: &'static str) -> Column {
    Column {
        name,
        label,
        numeric: false,
    }
}

pub const fn numeric(name: &'static str, label: &'static str) -> Column {
    Column {
        name,
        label,
        numeric: true,
    }
}

/// A column header as a template shows it: a link that sorts by it (or reverses it).
pub struct Header {
    pub label: String,
    pub href: String,
    /// `ascending`, `descending` or empty: the `aria-sort` of the header.
    pub aria_sort: &'static str,
    pub numeric: bool,
}

impl Header {
    /// The arrow shown beside a sorted header (hidden from screen readers, which read
    /// `aria-sort`).
    pub fn arrow(&self) -> &'static str {
        match self.aria_sort {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "",
        }
    }
}

/// The pairs of the page's query (`ctx.path` holds path and query).
fn query_pairs(path_and_query: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default();
    (path.to_string(), pairs)
}

/// The `sort` and `dir` of the page's query, for a filter form to carry along (hidden), so
/// that filtering keeps the order.
pub fn order_params(path_and_query: &str) -> Vec<(String, String)> {
    query_pairs(path_and_query)
        .1
        .into_iter()
        .filter(|(k, v)| (k == "sort" || k == "dir") && !v.is_empty())
        .collect()
}

/// A wrong `sort` or `dir` in the query, as the page says it: what is wrong and where.
fn refused(ctx: Ctx, key: &str, value: &str, columns: &[Column]) -> PageError {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let message = format!(
        "{} ({}: {}; {})",
        ctx.t.get(key),
        if key == "error.invalid_sort" {
            "sort"
        } else {
            "dir"
        },
        grenzeloos_domain::text::echo(value),
        if key == "error.invalid_sort" {
            names.join(", ")
        } else {
            "asc, desc".to_string()
        }
    );
    PageError::from_response(error_page(
        ctx,
        StatusCode::BAD_REQUEST,
        "error.invalid",
        message,
    ))
}

/// The order the page's query asks for, or the 400 page that names the wrong parameter.
pub fn parse(ctx: Ctx, columns: &[Column]) -> Result<(Ctx, Sort), PageError> {
    let (_, pairs) = query_pairs(&ctx.path);
    let get = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let dir = match get("dir").as_deref() {
        None | Some("asc") => Dir::Asc,
        Some("desc") => Dir::Desc,
        Some(other) => {
            let other = other.to_string();
            return Err(refused(ctx, "error.invalid_sort_dir", &other, columns));
        }
    };
    let column = match get("sort") {
        None => None,
        Some(name) => match columns.iter().position(|c| c.name == name) {
            Some(i) => Some(i),
            None => return Err(refused(ctx, "error.invalid_sort", &name, columns)),
        },
    };
    Ok((ctx, Sort { column, dir }))
}

/// The headers of a list: each links to the same page and query with this column as the
/// order (ascending, or the other way round when it is the order already).
pub fn headers(ctx: &Ctx, columns: &[Column], sort: &Sort) -> Vec<Header> {
    let (path, _) = query_pairs(&ctx.path);
    headers_at(ctx, &path, columns, sort)
}

/// [`headers`] for a list shown at `path` also when the request went elsewhere (a form posted
/// to another address that shows the list again).
pub fn headers_at(ctx: &Ctx, path: &str, columns: &[Column], sort: &Sort) -> Vec<Header> {
    let (_, pairs) = query_pairs(&ctx.path);
    // The filters stay; the order is the header's, and the "saved" notice was for the
    // page the form returned to, not for the next one.
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "sort" && k != "dir" && k != "saved")
        .collect();
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let current = sort.column == Some(i);
            let dir = match (current, sort.dir) {
                (true, Dir::Asc) => "desc",
                _ => "asc",
            };
            let mut query = kept.clone();
            query.push(("sort".to_string(), c.name.to_string()));
            query.push(("dir".to_string(), dir.to_string()));
            let query = serde_urlencoded::to_string(&query).unwrap_or_default();
            Header {
                label: ctx.t.get(c.label).to_string(),
                href: format!("{path}?{query}"),
                aria_sort: match (current, sort.dir) {
                    (false, _) => "",
                    (true, Dir::Asc) => "ascending",
                    (true, Dir::Desc) => "descending",
                },
                numeric: c.numeric,
            }
        })
        .collect()
}

/// Orders `items` as asked; the list's own order stays when no column is asked for, and
/// between rows with equal keys (a stable sort).
pub fn apply<T>(items: &mut [T], sort: &Sort, key: impl Fn(&T, usize) -> Key) {
    let Some(column) = sort.column else {
        return;
    };
    items.sort_by(|a, b| {
        let order = key(a, column).cmp(&key(b, column));
        match sort.dir {
            Dir::Asc => order,
            Dir::Desc => order.reverse(),
        }
    });
}

/// Orders people the Dutch way by their family and given names.
pub fn by_person<T>(items: &mut [T], names: impl Fn(&T) -> (&str, &str)) {
    items.sort_by_cached_key(|item| {
        let (family, given) = names(item);
        person_key(family, given)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_text_the_dutch_way_and_dates_as_dates() {
        let mut names = vec!["Zwolle", "émile", "Eindhoven", "apeldoorn"];
        names.sort_by_key(|n| Key::text(n));
        assert_eq!(names, ["apeldoorn", "Eindhoven", "émile", "Zwolle"]);
        let early: Date = "2024-01-31".parse().unwrap();
        let late: Date = "2024-12-01".parse().unwrap();
        assert!(Key::Date(Some(early)) < Key::Date(Some(late)));
        assert!(Key::Date(None) < Key::Date(Some(early)));
        assert!(Key::Number(Some(9)) < Key::Number(Some(10)));
        assert!(Key::person("de Graaf", "Jan") < Key::person("Hendriks", "Anna"));
    }

    #[test]
    fn a_sort_is_stable_and_reverses() {
        let mut rows = vec![(2, "b"), (1, "a"), (2, "a")];
        let sort = Sort {
            column: Some(0),
            dir: Dir::Desc,
        };
        apply(&mut rows, &sort, |r, _| Key::Number(Some(r.0)));
        assert_eq!(rows, [(2, "b"), (2, "a"), (1, "a")]);
    }
}
