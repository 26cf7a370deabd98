//! One form mechanism for every record kept as a document: a table of fields per kind
//! ([`FieldSpec`]), form pairs → JSON → the kind's input struct, a stored record → form
//! values for editing, and read-only facts for the record pages.
//!
//! Nothing here knows a business rule: the domain refuses, and every rule it finds broken is
//! shown at the field it names (`capabilities[1].quantity` shows at the capabilities
//! textarea), listed at the top of the form, with the first invalid field focused.
//!
//! A form starts empty where the user has to choose (a select offers "— choose —" first) and
//! carries where the user came from (`return_to`, a path on this site) to go back there after
//! saving, with a notice that it was saved, or after cancelling.

use super::{Ctx, FieldErrors, Values};
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use grenzeloos_domain::Violation;
use grenzeloos_domain::assistance::Capability;
use grenzeloos_domain::time::parse_date;
use jiff::civil::Date;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Where a select's options come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Missions,
    /// Officers: personal data. Only for roles that may read them (with the session's
    /// purpose); others get a text input for the officer's id.
    Officers,
    /// Every agreement.
    Agreements,
    /// The agreements that may ever be a legal basis: treaties and EU instruments (what an
    /// assistance request or an arrangement rests on).
    BindingAgreements,
    WorkingArrangements,
    /// Registered partners (the mandating organisation of a mission).
    Partners,
    /// Specialised teams.
    Teams,
}

/// What a field holds and how it is entered.
#[derive(Debug, Clone)]
pub enum FieldKind {
    Text,
    LongText,
    Date,
    /// A moment, entered in Amsterdam time (`datetime-local`).
    DateTime,
    /// A whole number (euros); empty means "not known".
    Number,
    /// One of a closed list: the group names the locale keys `<group>.<code>`.
    Choice(&'static str, Vec<&'static str>),
    /// Any number of a closed list (checkboxes).
    Checks(&'static str, Vec<&'static str>),
    Select(Source),
    /// One text per line.
    Lines,
    /// Partner codes separated by commas or spaces.
    PartnerList,
    /// `<capability_code> <quantity> [<personnel>]` per line.
    Capabilities,
    /// `YYYY-MM-DD text` per line.
    Milestones,
    /// A status history: `YYYY-MM-DD <status code> [note]` per line; the group names the
    /// words of the statuses.
    StatusHistory(&'static str, Vec<&'static str>),
    /// `<code> <text>` per line, as a JSON object (the article of each exchange).
    Pairs(&'static str, Vec<&'static str>),
    /// Carried along, not shown (the agreement an annex belongs to).
    Hidden,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub name: &'static str,
    /// Locale key of the label.
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Locale key of a hint, or "".
    pub hint: &'static str,
    /// Only entered, never shown as a fact of the record (the date of a change of status).
    pub entry_only: bool,
}

/// A field labelled `f.<name>`.
pub fn field(name: &'static str, label: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec {
        name,
        label,
        kind,
        required: false,
        hint: "",
        entry_only: false,
    }
}

impl FieldSpec {
    pub fn required(mut self) -> FieldSpec {
        self.required = true;
        self
    }

    pub fn hint(mut self, key: &'static str) -> FieldSpec {
        self.hint = key;
        self
    }

    pub fn entry_only(mut self) -> FieldSpec {
        self.entry_only = true;
        self
    }

    /// The locale keys this field needs: label, hint, every choice.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = vec![self.label.to_string()];
        if !self.hint.is_empty() {
            keys.push(self.hint.to_string());
        }
        if let FieldKind::Choice(group, codes)
        | FieldKind::Checks(group, codes)
        | FieldKind::StatusHistory(group, codes)
        | FieldKind::Pairs(group, codes) = &self.kind
        {
            keys.extend(codes.iter().map(|c| format!("{group}.{c}")));
        }
        keys
    }
}

/// A choice in the page's language (the code itself when no text is known).
pub fn choice_label(ctx: &Ctx, group: &str, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    ctx.t
        .find(&format!("{group}.{code}"))
        .map_or_else(|| code.to_string(), str::to_string)
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

fn number_error(field: &str, line: usize, what: &str) -> Violation {
    Violation::at("invalid_line", field, format!("line {line}: {what}"))
}

fn capabilities(field: &str, text: &str) -> Result<Value, Violation> {
    let mut out = Vec::new();
    for (i, line) in lines(text).enumerate() {
        let mut words = line.split_whitespace();
        let capability = words.next().unwrap_or_default();
        let quantity = match words.next() {
            None => {
                return Err(number_error(
                    field,
                    i + 1,
                    "write the capability code and the quantity, e.g. 'water_cannon 2 8'",
                ));
            }
            Some(q) => q
                .parse::<u32>()
                .map_err(|_| number_error(field, i + 1, "the quantity is a whole number"))?,
        };
        let personnel = match words.next() {
            None => 0,
            Some(p) => p
                .parse::<u32>()
                .map_err(|_| number_error(field, i + 1, "the personnel is a whole number"))?,
        };
        if words.next().is_some() {
            return Err(number_error(
                field,
                i + 1,
                "write at most a code, a quantity and the personnel",
            ));
        }
        out.push(serde_json::json!({
            "capability": capability,
            "quantity": quantity,
            "personnel": personnel,
        }));
    }
    Ok(Value::Array(out))
}

fn milestones(text: &str) -> Value {
    Value::Array(
        lines(text)
            .map(|line| {
                let (date, text) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                serde_json::json!({ "date": date, "text": text.trim() })
            })
            .collect(),
    )
}

/// `YYYY-MM-DD code note` per line; an empty field gives no history (the recorded one stays).
fn status_history(text: &str) -> Value {
    let steps: Vec<Value> = lines(text)
        .map(|line| {
            let mut words = line.splitn(3, char::is_whitespace);
            let from = words.next().unwrap_or_default();
            let status = words.next().unwrap_or_default();
            let note = words.next().map(str::trim).filter(|n| !n.is_empty());
            serde_json::json!({ "from": from, "status": status, "note": note })
        })
        .collect();
    if steps.is_empty() {
        Value::Null
    } else {
        Value::Array(steps)
    }
}

fn pairs(text: &str) -> Value {
    Value::Object(
        lines(text)
            .map(|line| {
                let (code, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                (code.to_string(), Value::String(rest.trim().to_string()))
            })
            .collect(),
    )
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> Value {
    Value::Array(items.map(|s| Value::String(s.to_string())).collect())
}

/// The submitted form as the JSON of the kind's input.
pub fn to_json(fields: &[FieldSpec], values: &Values) -> Result<Value, Violation> {
    let mut object = Map::new();
    for f in fields {
        let raw = values.get(f.name);
        let value = match &f.kind {
            FieldKind::Text
            | FieldKind::LongText
            | FieldKind::Date
            | FieldKind::DateTime
            | FieldKind::Choice(..)
            | FieldKind::Select(_)
            | FieldKind::Hidden => Value::String(raw.trim().to_string()),
            FieldKind::Number => match raw.trim() {
                "" => Value::Null,
                text => {
                    Value::from(text.replace(['.', ' '], "").parse::<i64>().map_err(|_| {
                        Violation::at("invalid_number", f.name, "give a whole number")
                    })?)
                }
            },
            FieldKind::Lines | FieldKind::Checks(..) => strings(lines(raw)),
            FieldKind::PartnerList => strings(
                raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                    .filter(|s| !s.is_empty()),
            ),
            FieldKind::Capabilities => capabilities(f.name, raw)?,
            FieldKind::Milestones => milestones(raw),
            FieldKind::StatusHistory(..) => status_history(raw),
            FieldKind::Pairs(..) => pairs(raw),
        };
        object.insert(f.name.to_string(), value);
    }
    Ok(Value::Object(object))
}

/// The submitted form as the kind's input; a form that does not fit it is refused at the
/// form, never with a 500.
pub fn parse_input<T: DeserializeOwned>(
    fields: &[FieldSpec],
    values: &Values,
) -> Result<T, Violation> {
    let json = to_json(fields, values)?;
    serde_json::from_value(json).map_err(|error| {
        Violation::new(
            "invalid_form",
            format!(
                "the form does not fit: {}",
                grenzeloos_domain::text::shorten_quoted(&error.to_string())
            ),
        )
    })
}

fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The values of a stored record, to prefill its edit form: the record's JSON, with a period
/// lifted to `start`/`end`.
pub fn from_json(fields: &[FieldSpec], value: &Value) -> Values {
    let mut record = value.as_object().cloned().unwrap_or_default();
    if let Some(Value::Object(period)) = record.get("period").cloned() {
        for (k, v) in period {
            record.entry(k).or_insert(v);
        }
    }
    let mut values = Values::default();
    for f in fields {
        let v = record.get(f.name).cloned().unwrap_or(Value::Null);
        let items = || v.as_array().cloned().unwrap_or_default();
        let text = match &f.kind {
            FieldKind::Lines | FieldKind::Checks(..) => {
                items().iter().map(text_of).collect::<Vec<_>>().join("\n")
            }
            FieldKind::PartnerList => items().iter().map(text_of).collect::<Vec<_>>().join(", "),
            FieldKind::Capabilities => items()
                .iter()
                .map(|c| {
                    let personnel = c["personnel"].as_u64().unwrap_or(0);
                    let mut line =
                        format!("{} {}", text_of(&c["capability"]), text_of(&c["quantity"]));
                    if personnel > 0 {
                        line.push_str(&format!(" {personnel}"));
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("\n"),
            FieldKind::Milestones => items()
                .iter()
                .map(|m| format!("{} {}", text_of(&m["date"]), text_of(&m["text"])))
                .collect::<Vec<_>>()
                .join("\n"),
            FieldKind::StatusHistory(..) => items()
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {}",
                        text_of(&c["from"]),
                        text_of(&c["status"]),
                        text_of(&c["note"])
                    )
                    .trim()
                    .to_string()
                })
                .collect::<Vec<_>>()
                .join("\n"),
            FieldKind::Pairs(..) => v
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| format!("{k} {}", text_of(v)))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default(),
            _ => text_of(&v),
        };
        values.set(f.name, text);
    }
    values
}

/// The form errors of a refusal, each at a field the form shows; anything else at the top.
pub fn place_errors(fields: &[FieldSpec], errors: FieldErrors) -> FieldErrors {
    let shown = |name: &str| {
        fields
            .iter()
            .any(|f| f.name == name && !matches!(f.kind, FieldKind::Hidden))
    };
    let mut placed = HashMap::new();
    for (field, message) in errors.0 {
        let key = if shown(&field) { field } else { String::new() };
        placed
            .entry(key)
            .and_modify(|m: &mut String| {
                m.push(' ');
                m.push_str(&message);
            })
            .or_insert(message);
    }
    FieldErrors(placed)
}

/// Codes whose domain message names what matters (which agreements fit): shown after the
/// translated text.
const DETAILED: &[&str] = &[
    "no_legal_basis",
    "choose_legal_basis",
    "invalid_line",
    "invalid_form",
];

/// A refusal's message in the page's language: a text for this kind and field
/// (`error.<kind>.<code>.<field>`), else for the code, else the domain's own words.
pub fn message(ctx: &Ctx, kind: &str, v: &Violation) -> String {
    let field = v.field_base();
    if let Some(text) = ctx.t.find(&format!("error.{kind}.{}.{field}", v.code)) {
        return text.to_string();
    }
    match ctx.t.find(&format!("error.{}", v.code)) {
        Some(text) if DETAILED.contains(&v.code) => format!("{text} ({})", v.message),
        Some(text) => text.to_string(),
        None => v.message.clone(),
    }
}

/// A field as the form template shows it.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    /// text, textarea, date, number, select, checks, hidden
    pub widget: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub selected: Vec<String>,
    pub required: bool,
    pub hint: String,
    pub error: String,
    /// A link the error points to (the deployment an overlap is with): href and text.
    pub link: Option<(String, String)>,
    /// The first field with an error: the page opens with the focus on it.
    pub autofocus: bool,
    /// A long select (the officers) gets a search box with this label; empty: none.
    pub search: String,
}

impl FieldView {
    pub fn is_selected(&self, code: &str) -> bool {
        self.selected.iter().any(|s| s == code)
    }
}

/// Whether any of the fields has an error (the form then lists them at the top).
pub fn any_error(fields: &[FieldView]) -> bool {
    fields.iter().any(|f| !f.error.is_empty())
}

impl FieldErrors {
    /// Whether the only error is the form's own, at no field: the focus then goes to it.
    pub fn only_general(&self) -> bool {
        self.0.len() == 1 && self.has("")
    }
}

/// Where a form goes back to: `return_to` when it is a path on this site (never another site:
/// an open redirect), else `default`.
pub fn return_path(return_to: Option<&str>, default: &str) -> String {
    match return_to.map(str::trim) {
        Some(path) if !path.is_empty() && crate::redirect::local_path(Some(path)) == path => {
            path.to_string()
        }
        _ => default.to_string(),
    }
}

/// The query flag by which the page a form returns to says that it was saved.
const SAVED: &str = "saved=1";

/// `path` with the flag that makes its page say the record was saved (before any `#part`).
pub fn saved_at(path: &str) -> String {
    let (path, fragment) = path.split_at(path.find('#').unwrap_or(path.len()));
    let already = path
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|pair| pair == SAVED));
    if already {
        return format!("{path}{fragment}");
    }
    let joint = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joint}{SAVED}{fragment}")
}

impl Ctx {
    /// Whether this page is where a form returned to after saving: it says so.
    pub fn just_saved(&self) -> bool {
        self.path
            .split_once('?')
            .is_some_and(|(_, query)| query.split('&').any(|pair| pair == SAVED))
    }
}

pub type Options = Vec<(String, String)>;

/// The options of each select field, by source; `None` means the field is a text input (a
/// role that may not list officers).
pub type Sources = HashMap<Source, Option<Options>>;

/// The fields of a form with their values, options and errors, ready for the template.
pub fn views(
    ctx: &Ctx,
    fields: &[FieldSpec],
    values: &Values,
    errors: &FieldErrors,
    sources: &Sources,
) -> Vec<FieldView> {
    let mut views: Vec<FieldView> = fields
        .iter()
        .map(|f| {
            let value = values.get(f.name).to_string();
            let mut options = Vec::new();
            let mut selected = Vec::new();
            let mut search = String::new();
            let widget = match &f.kind {
                FieldKind::Text | FieldKind::PartnerList => "text",
                FieldKind::LongText | FieldKind::Lines | FieldKind::Milestones => "textarea",
                FieldKind::StatusHistory(group, codes) | FieldKind::Pairs(group, codes) => {
                    // The codes to write, with their meaning.
                    options = codes
                        .iter()
                        .map(|c| (c.to_string(), choice_label(ctx, group, c)))
                        .collect();
                    "textarea"
                }
                FieldKind::Capabilities => {
                    // The codes to write, with their meaning.
                    options = Capability::ALL
                        .iter()
                        .map(|c| {
                            (
                                c.as_str().to_string(),
                                choice_label(ctx, "capability", c.as_str()),
                            )
                        })
                        .collect();
                    "textarea"
                }
                FieldKind::Date => "date",
                FieldKind::DateTime => "datetime-local",
                FieldKind::Number => "number",
                FieldKind::Hidden => "hidden",
                FieldKind::Choice(group, codes) => {
                    options = codes
                        .iter()
                        .map(|c| (c.to_string(), choice_label(ctx, group, c)))
                        .collect();
                    "select"
                }
                FieldKind::Checks(group, codes) => {
                    options = codes
                        .iter()
                        .map(|c| (c.to_string(), choice_label(ctx, group, c)))
                        .collect();
                    selected = lines(&value).map(str::to_string).collect();
                    "checks"
                }
                FieldKind::Select(source) => match sources.get(source) {
                    Some(Some(list)) => {
                        options = list.clone();
                        match source {
                            Source::Officers => {
                                search = ctx.t.get("picker.search_officer").to_string();
                            }
                            Source::Partners => {
                                search = ctx.t.get("picker.search_partner").to_string();
                            }
                            _ => {}
                        }
                        "select"
                    }
                    _ => "text",
                },
            };
            FieldView {
                name: f.name,
                label: ctx.t.get(f.label).to_string(),
                widget,
                value,
                options,
                selected,
                required: f.required,
                hint: if f.hint.is_empty() {
                    String::new()
                } else {
                    ctx.t.get(f.hint).to_string()
                },
                error: errors.get(f.name).to_string(),
                link: None,
                autofocus: false,
                search,
            }
        })
        .collect();
    if let Some(first) = views
        .iter_mut()
        .find(|v| !v.error.is_empty() && v.widget != "hidden")
    {
        first.autofocus = true;
    }
    views
}

/// One fact of a record page: a label and what it holds, as text, links or dated lines.
pub struct Fact {
    pub label: String,
    pub text: String,
    pub links: Vec<(String, String)>,
    pub dated: Vec<(String, String)>,
    pub lines: Vec<String>,
}

/// The facts of a record for its page, from its form values.
pub fn facts(ctx: &Ctx, fields: &[FieldSpec], values: &Values, sources: &Sources) -> Vec<Fact> {
    fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::Hidden) && !f.entry_only)
        .map(|f| {
            let raw = values.get(f.name);
            let mut fact = Fact {
                label: ctx.t.get(f.label).to_string(),
                text: String::new(),
                links: Vec::new(),
                dated: Vec::new(),
                lines: Vec::new(),
            };
            match &f.kind {
                FieldKind::Choice(group, _) => fact.text = choice_label(ctx, group, raw),
                FieldKind::Checks(group, _) => {
                    fact.lines = lines(raw).map(|c| choice_label(ctx, group, c)).collect();
                }
                FieldKind::Date => {
                    fact.text = raw
                        .parse::<jiff::civil::Date>()
                        .map_or_else(|_| raw.to_string(), |d| ctx.t.date(&d));
                }
                FieldKind::PartnerList => {
                    fact.links = raw
                        .split(", ")
                        .filter(|p| !p.is_empty())
                        .map(|p| (format!("/partners/{p}"), p.to_string()))
                        .collect();
                }
                FieldKind::Lines => fact.lines = lines(raw).map(str::to_string).collect(),
                // Euros as the lists write them ("—" for no costs).
                FieldKind::Number => {
                    fact.text = raw
                        .trim()
                        .parse::<i64>()
                        .map_or_else(|_| raw.to_string(), super::page_spec::euros);
                }
                FieldKind::Capabilities => {
                    fact.lines = lines(raw).map(|l| capability_text(ctx, l)).collect();
                }
                FieldKind::StatusHistory(group, _) => {
                    fact.dated = lines(raw)
                        .map(|l| {
                            let mut words = l.splitn(3, char::is_whitespace);
                            let date = words.next().unwrap_or_default();
                            let status = choice_label(ctx, group, words.next().unwrap_or_default());
                            let shown = date
                                .parse::<jiff::civil::Date>()
                                .map_or_else(|_| date.to_string(), |d| ctx.t.date(&d));
                            let text = match words.next().map(str::trim).filter(|n| !n.is_empty()) {
                                Some(note) => format!("{status} — {note}"),
                                None => status,
                            };
                            (shown, text)
                        })
                        .collect();
                }
                FieldKind::Pairs(group, _) => {
                    fact.lines = lines(raw)
                        .map(|l| {
                            let (code, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                            format!("{}: {}", choice_label(ctx, group, code), rest.trim())
                        })
                        .collect();
                }
                FieldKind::Milestones => {
                    fact.dated = lines(raw)
                        .map(|l| {
                            let (date, text) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                            let shown = date
                                .parse::<jiff::civil::Date>()
                                .map_or_else(|_| date.to_string(), |d| ctx.t.date(&d));
                            (shown, text.trim().to_string())
                        })
                        .collect();
                }
                FieldKind::Select(source) if !raw.is_empty() => {
                    let label = sources
                        .get(source)
                        .and_then(|o| o.as_ref())
                        .and_then(|o| o.iter().find(|(id, _)| id == raw))
                        .map_or_else(|| raw.to_string(), |(_, label)| label.clone());
                    let href = match source {
                        Source::Missions => format!("/missions/{raw}"),
                        Source::Partners => format!("/partners/{raw}"),
                        Source::Teams => format!("/teams/{raw}/edit"),
                        Source::Officers
                            if ctx.can(grenzeloos_domain::access::Permission::PersonalRead) =>
                        {
                            format!("/officers/{raw}")
                        }
                        Source::Officers => String::new(),
                        _ => format!("/agreements/{raw}"),
                    };
                    if href.is_empty() {
                        fact.text = label;
                    } else {
                        fact.links = vec![(href, label)];
                    }
                }
                _ => fact.text = raw.to_string(),
            }
            fact
        })
        .collect()
}

/// The fields with which a record's status changes: the status now, the date it took
/// effect, a note, and the whole history (for corrections); `group` names the statuses' words.
pub fn status_fields(group: &'static str, codes: Vec<&'static str>) -> Vec<FieldSpec> {
    use FieldKind::*;
    vec![
        field("status", "f.status", Choice(group, codes.clone())).required(),
        field("status_from", "f.status_from", Date)
            .hint("hint.status_from")
            .entry_only(),
        field("status_note", "f.status_note", Text)
            .hint("hint.status_note")
            .entry_only(),
        field(
            "status_history",
            "f.status_history",
            StatusHistory(group, codes),
        )
        .hint("hint.status_history"),
    ]
}

/// A capability line for people: "2 × waterwerper (8 personen)".
pub fn capability_text(ctx: &Ctx, line: &str) -> String {
    let mut words = line.split_whitespace();
    let code = words.next().unwrap_or_default();
    let quantity = words.next().unwrap_or("1");
    let personnel = words.next().unwrap_or("0");
    let label = choice_label(ctx, "capability", code);
    if personnel == "0" {
        format!("{quantity} × {label}")
    } else {
        format!(
            "{quantity} × {label} ({personnel} {})",
            ctx.t.get("assistance.persons")
        )
    }
}

/// The labels of the fields that differ between two versions' values.
pub fn changed(ctx: &Ctx, fields: &[FieldSpec], before: &Values, after: &Values) -> Vec<String> {
    fields
        .iter()
        .filter(|f| before.get(f.name) != after.get(f.name))
        .map(|f| ctx.t.get(f.label).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Vec<FieldSpec> {
        vec![
            field("event", "f.event", FieldKind::Text),
            field("costs_eur", "f.costs_eur", FieldKind::Number),
            field("capabilities", "f.capabilities", FieldKind::Capabilities),
            field("milestones", "f.milestones", FieldKind::Milestones),
            field("partners", "f.partners", FieldKind::PartnerList),
            field("references", "f.references", FieldKind::Lines),
        ]
    }

    fn values(pairs: &[(&str, &str)]) -> Values {
        Values::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn form_text_becomes_the_input_json_and_back() {
        let v = values(&[
            ("event", " Euro 2024 "),
            ("costs_eur", "1.250"),
            ("capabilities", "water_cannon 2 8\n\nriot_police 40"),
            (
                "milestones",
                "2021-05-01 Aanbeveling\n2021-07-19 Mandaat Raad",
            ),
            ("partners", "be, lu;de"),
            ("references", "Kamerstuk 22 112, nr. 3115\n"),
            ("_csrf", "x"),
        ]);
        let json = to_json(&spec(), &v).unwrap();
        assert_eq!(json["event"], "Euro 2024");
        assert_eq!(json["costs_eur"], 1250);
        assert_eq!(json["capabilities"][1]["capability"], "riot_police");
        assert_eq!(json["capabilities"][1]["personnel"], 0);
        assert_eq!(json["milestones"][1]["text"], "Mandaat Raad");
        assert_eq!(json["partners"].as_array().unwrap().len(), 3);
        assert_eq!(json["references"].as_array().unwrap().len(), 1);
        let back = from_json(&spec(), &json);
        assert_eq!(back.get("capabilities"), "water_cannon 2 8\nriot_police 40");
        assert_eq!(back.get("partners"), "be, lu, de");
        assert_eq!(back.get("costs_eur"), "1250");
    }

    #[test]
    fn bad_lines_and_numbers_are_refused_at_their_field() {
        let err = to_json(&spec(), &values(&[("capabilities", "water_cannon two")])).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("capabilities"));
        assert!(err.message.contains("line 1"));
        let err = to_json(&spec(), &values(&[("costs_eur", "veel")])).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("costs_eur"));
    }

    #[test]
    fn a_period_is_lifted_and_repeated_names_are_kept() {
        let fields = vec![
            field("start", "f.start", FieldKind::Date),
            field(
                "legal_basis_for",
                "f.legal_basis_for",
                FieldKind::Checks("x", vec![]),
            ),
        ];
        let v = from_json(
            &fields,
            &serde_json::json!({"period": {"start": "2024-01-01", "end": null}, "legal_basis_for": ["anpr", "prum_dna"]}),
        );
        assert_eq!(v.get("start"), "2024-01-01");
        assert_eq!(v.get("legal_basis_for"), "anpr\nprum_dna");
        let v = values(&[("legal_basis_for", "anpr"), ("legal_basis_for", "prum_dna")]);
        assert_eq!(v.get("legal_basis_for"), "anpr\nprum_dna");
    }

    #[test]
    fn a_status_history_is_written_one_step_a_line_and_read_back() {
        let fields = vec![
            field(
                "status_history",
                "f.status_history",
                FieldKind::StatusHistory("commitment_status", vec!["open", "in_progress"]),
            ),
            field(
                "articles",
                "f.articles",
                FieldKind::Pairs("exchange_kind", vec!["hot_pursuit"]),
            ),
        ];
        let v = values(&[
            (
                "status_history",
                "2023-06-30 open\n2023-10-25 in_progress Eerste stappen gezet",
            ),
            ("articles", "hot_pursuit art. 21"),
        ]);
        let json = to_json(&fields, &v).unwrap();
        assert_eq!(json["status_history"][1]["status"], "in_progress");
        assert_eq!(json["status_history"][1]["note"], "Eerste stappen gezet");
        assert_eq!(json["status_history"][0]["note"], Value::Null);
        assert_eq!(json["articles"]["hot_pursuit"], "art. 21");
        let back = from_json(&fields, &json);
        assert_eq!(
            back.get("status_history"),
            "2023-06-30 open\n2023-10-25 in_progress Eerste stappen gezet"
        );
        assert_eq!(back.get("articles"), "hot_pursuit art. 21");
        // Left empty, the recorded history stays.
        let json = to_json(&fields, &values(&[])).unwrap();
        assert_eq!(json["status_history"], Value::Null);
    }

    #[test]
    fn errors_of_fields_the_form_does_not_show_go_to_the_top() {
        let errors = FieldErrors(HashMap::from([("purpose".to_string(), "x".to_string())]));
        let placed = place_errors(&spec(), errors);
        assert_eq!(placed.get(""), "x");
    }

    #[test]
    fn a_form_returns_only_to_a_path_on_this_site() {
        assert_eq!(
            return_path(Some("/missions?as_of=2024-01-01"), "/"),
            "/missions?as_of=2024-01-01"
        );
        for elsewhere in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            " ",
        ] {
            assert_eq!(
                return_path(Some(elsewhere), "/officers"),
                "/officers",
                "{elsewhere:?}"
            );
        }
        assert_eq!(return_path(None, "/officers"), "/officers");
    }

    #[test]
    fn the_page_a_form_returns_to_says_it_was_saved_once() {
        assert_eq!(saved_at("/partners"), "/partners?saved=1");
        assert_eq!(
            saved_at("/missions?as_of=2024-01-01"),
            "/missions?as_of=2024-01-01&saved=1"
        );
        assert_eq!(
            saved_at("/agreements/a1#amendments"),
            "/agreements/a1?saved=1#amendments"
        );
        assert_eq!(saved_at("/partners?saved=1"), "/partners?saved=1");
    }

    #[test]
    fn the_first_invalid_field_gets_the_focus_and_every_select_starts_at_choose() {
        let ctx = Ctx {
            t: crate::ui::i18n::Texts {
                lang: crate::ui::i18n::Lang::Nl,
            },
            actor: None,
            csrf: String::new(),
            path: "/x?saved=1".into(),
            purpose: None,
            today: jiff::civil::date(2026, 1, 1),
        };
        assert!(ctx.just_saved());
        let fields = vec![
            field("kind", "f.kind", FieldKind::Choice("x", vec!["a", "b"])).required(),
            field("event", "f.event", FieldKind::Text),
            field("costs_eur", "f.costs_eur", FieldKind::Number),
        ];
        let mut errors = FieldErrors::default();
        errors.add("costs_eur", "one".into());
        errors.add("event", "two".into());
        errors.add("event", "three".into());
        errors.add("event", "three".into());
        let views = views(&ctx, &fields, &Values::default(), &errors, &Sources::new());
        let focused: Vec<&str> = views
            .iter()
            .filter(|v| v.autofocus)
            .map(|v| v.name)
            .collect();
        assert_eq!(focused, ["event"]);
        assert_eq!(views[1].error, "two three");
        assert!(any_error(&views));
        assert_eq!(views[0].widget, "select");
        assert!(views[0].required);
    }
}

pub fn reference_date(value: Option<&str>, today: Date) -> Date {
    value
        .and_then(|v| parse_date("as_of", v).ok())
        .unwrap_or(today)
}

/// A form's query: it may say where the user came from.
#[derive(Deserialize)]
pub struct ReturnQuery {
    pub return_to: Option<String>,
}

impl ReturnQuery {
    /// The values a form starts with: only where it goes back to.
    pub fn values(self) -> Values {
        let mut values = Values::default();
        if let Some(return_to) = self.return_to {
            values.set("return_to", return_to);
        }
        values
    }
}

pub type Pairs = Form<Vec<(String, String)>>;
pub type Params = Query<HashMap<String, String>>;

pub fn invalid(page: Response) -> Response {
    (StatusCode::BAD_REQUEST, page).into_response()
}

/// A date from a query, or `default` when absent or malformed.
pub fn date_param(q: &HashMap<String, String>, name: &str, default: Date) -> Date {
    q.get(name)
        .and_then(|v| parse_date(name, v).ok())
        .unwrap_or(default)
}
