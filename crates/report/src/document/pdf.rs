//! The document as PDF, typeset in-process by typst.
//!
//! How it works: the typst source is a fixed template ([`TEMPLATE`]) that reads the whole
//! document from a virtual JSON file (`json("/document.json")`). User text therefore never
//! becomes typst markup or code: it arrives as typst strings, and a string placed in content
//! is printed as it is — `#`, `*`, `_`, `$`, `@`, `<`, `` ` ``, `\` and `]` included. No
//! escaping function to get wrong.
//!
//! The [`typst::World`] here has exactly two files (the template and the JSON), the fonts
//! compiled into the binary (Libertinus Serif, SIL Open Font Licence, see
//! `crates/report/fonts/README.md`), no file system, no packages, no network, and "today"
//! fixed to the document's reference date. The PDF carries no creation date, so the same
//! document gives the same bytes.

use std::sync::LazyLock;

use serde_json::{Value, json};
use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::{Block, Chart, Document, NO_ROWS, Table, printable, svg};

/// Why a PDF could not be made. With a fixed template and data passed as JSON, these point
/// at a bug here, not at the document's content; the message says what typst reported.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("PDF: the document could not be passed to typst: {0}")]
    Data(String),
    #[error("PDF: typesetting failed: {0}")]
    Typeset(String),
    #[error("PDF: export failed: {0}")]
    Export(String),
}

const MAIN_PATH: &str = "/main.typ";
const DATA_PATH: &str = "/document.json";

/// The typst template. It only reads `/document.json`; see [`document_json`] for its shape.
const TEMPLATE: &str = r##"
#let doc = json("/document.json")
#let accent = rgb("#154273")

#set document(title: doc.title, date: none)
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "nl", region: "NL")
#set par(leading: 0.6em, spacing: 1.1em)
#set page(
  paper: "a4",
  margin: (x: 2.5cm, top: 2.5cm, bottom: 2.8cm),
  footer: context {
    set text(size: 8.5pt, fill: luma(70))
    grid(
      columns: (1fr, auto),
      column-gutter: 1em,
      doc.running_footer,
      [Pagina #counter(page).display("1") van #counter(page).final().first()],
    )
  },
)
#show heading.where(level: 1): set text(size: 15pt, fill: accent)
#show heading.where(level: 1): set block(above: 1.8em, below: 0.9em)
#show heading.where(level: 2): set text(size: 12pt)
// Long tables may break across pages (their header repeats); a chart stays with its caption.
#show figure.where(kind: table): set block(breakable: true)
#set figure.caption(position: top)
// A caption stays with the first rows of its table instead of ending a page alone.
#show figure.caption: it => block(sticky: true, it)

// A table from {columns: [{title, numeric}], rows: [[str]], total: [str] | none}. Rows are
// padded to the column count already. Numeric columns right-aligned, total row bold.
//
// Column widths as a reader needs them: every column at least as wide as the longest word of
// its header (a header never breaks inside a word, so headers never run into each other) and
// of its cells (up to 8em; a longer Dutch compound may still break at a hyphenation point);
// the room that is left goes to the columns whose text is longest, in proportion.
#let data-table(t, size: 1em) = layout(area => {
  let n = t.columns.len()
  if n == 0 { return emph(t.none) }
  let numeric = t.columns.map(c => c.numeric)
  // Many number columns (a chart's months): the numbers take their width, the names the rest.
  let many = numeric.filter(x => x).len() > 6
  let inset-x = if many { 2.5pt } else { 5pt }
  // A column's texts, each with whether it is bold (the total row is).
  let cells(i) = t.rows.map(r => (r.at(i), false)) + if t.total == none { () } else { ((t.total.at(i), true),) }
  // The least and the most each column needs at a text size.
  let plan(size) = {
    let width-of(s, bold) = measure(text(size: size, weight: if bold { "bold" } else { "regular" }, s)).width
    let longest(s, bold) = s.split(" ").fold(0pt, (m, word) => calc.max(m, width-of(word, bold)))
    let mins = range(n).map(i => 2 * inset-x + calc.max(
      longest(t.columns.at(i).title, true),
      ..cells(i).map(((c, bold)) => calc.min(longest(c, bold), (size * 8).to-absolute())),
    ))
    let naturals = range(n).map(i => 2 * inset-x + calc.max(
      width-of(t.columns.at(i).title, true),
      ..cells(i).map(((c, bold)) => width-of(c, bold)),
    ))
    (size: size, mins: mins, naturals: naturals)
  }
  // A wide table gets a smaller text before any column gets too narrow for its words.
  let plans = (1, 0.92, 0.85).map(f => plan(size * f))
  let fitting = plans.filter(p => p.mins.sum() <= area.width)
  let chosen = if fitting.len() > 0 { fitting.first() } else { plans.last() }
  let size = chosen.size
  let mins = chosen.mins
  let naturals = chosen.naturals
  let room = area.width - mins.sum()
  let wish = range(n).map(i => naturals.at(i) - mins.at(i)).sum()
  let widths = if many {
    t.columns.map(c => if c.numeric { auto } else { 1fr })
  } else if naturals.sum() <= area.width {
    naturals.slice(0, n - 1) + (1fr,)
  } else if room <= 0pt {
    // Still too wide at the smallest size: every column shrinks alike.
    mins.map(m => m / mins.sum() * area.width)
  } else if wish <= 0pt {
    mins
  } else {
    range(n).map(i => mins.at(i) + room * ((naturals.at(i) - mins.at(i)) / wish))
  }
  set text(size: size, hyphenate: true)
  let body = if t.rows.len() == 0 {
    (table.cell(colspan: n, emph(t.none)),)
  } else {
    t.rows.flatten()
  }
  let total = if t.total == none { () } else {
    (table.hline(stroke: 0.8pt), table.footer(repeat: false, ..t.total.map(strong)))
  }
  table(
    columns: widths,
    align: (x, y) => if numeric.at(x) { right } else { left },
    stroke: (x, y) => (bottom: if y == 0 { 0.8pt } else { 0.4pt + luma(200) }),
    inset: (x: inset-x, y: if many { 3pt } else { 4pt }),
    table.header(..t.columns.map(c => text(hyphenate: false, strong(c.title)))),
    ..body,
    ..total,
  )
})

#block(width: 100%, below: 1.8em, {
  text(size: 20pt, weight: "bold", fill: accent, doc.title)
  parbreak()
  text(size: 12.5pt, doc.subtitle)
  if doc.metadata.len() > 0 {
    v(0.4em)
    grid(
      columns: (auto, 1fr),
      column-gutter: 1.2em,
      row-gutter: 0.6em,
      ..doc.metadata.map(((label, value)) => (strong(label), value)).flatten(),
    )
  }
  v(0.6em)
  line(length: 100%, stroke: 1pt + accent)
})

#for section in doc.sections {
  heading(level: 1, section.heading)
  for b in section.blocks {
    if b.kind == "subheading" {
      heading(level: 2, b.text)
    } else if b.kind == "paragraph" {
      par(b.text)
    } else if b.kind == "list" {
      list(..b.items)
    } else if b.kind == "table" {
      if b.table.caption == "" {
        data-table(b.table)
      } else {
        figure(kind: table, caption: b.table.caption, data-table(b.table))
      }
    } else if b.kind == "chart" {
      figure(
        kind: image,
        caption: if b.caption == "" { none } else { b.caption },
        image(bytes(b.svg), format: "svg", width: 100%, alt: b.caption),
      )
      block(breakable: true, below: 1.5em, {
        set text(size: 8.5pt)
        emph[Gegevens bij de figuur]
        data-table(b.table)
      })
    }
  }
}
"##;

/// The document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let world = ReportWorld::new(doc)?;
    // Warnings (e.g. a glyph missing from the font) are not errors: the PDF is still right
    // apart from that character, and this crate has no logger to report them to.
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    // typst memoises across compilations (a second render of a similar document is much
    // faster). Evict entries unused for two renders, so a long-running server does not grow
    // with every report.
    let pages = output.map_err(|errors| PdfError::Typeset(messages(&errors)));
    typst::comemo::evict(2);
    let pages = pages?;
    typst_pdf::pdf(&pages, &typst_pdf::PdfOptions::default())
        .map_err(|errors| PdfError::Export(messages(&errors)))
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Text as typst will see it: without control characters (they have no glyph; a NUL
/// pasted from somewhere would otherwise print as a box).
fn text(value: &str) -> Value {
    Value::String(printable(value).collect())
}

/// The JSON the template reads. All text stays text: typst receives strings, not markup.
fn document_json(doc: &Document) -> Value {
    let sections: Vec<Value> = doc
        .sections
        .iter()
        .map(|section| {
            let blocks: Vec<Value> = section.blocks.iter().filter_map(block_json).collect();
            json!({ "heading": text(&section.heading), "blocks": blocks })
        })
        .collect();
    let metadata: Vec<Value> = doc
        .metadata
        .iter()
        .map(|(label, value)| json!([text(label), text(value)]))
        .collect();
    json!({
        "title": text(&doc.title),
        "subtitle": text(&doc.subtitle),
        "running_footer": text(&doc.running_footer),
        "metadata": metadata,
        "sections": sections,
    })
}

fn block_json(block: &Block) -> Option<Value> {
    Some(match block {
        Block::Subheading(value) => json!({ "kind": "subheading", "text": text(value) }),
        // An empty paragraph would only add space.
        Block::Paragraph(value) if value.trim().is_empty() => return None,
        Block::Paragraph(value) => json!({ "kind": "paragraph", "text": text(value.trim()) }),
        Block::List(items) if items.is_empty() => return None,
        Block::List(items) => {
            let items: Vec<Value> = items.iter().map(|i| text(i)).collect();
            json!({ "kind": "list", "items": items })
        }
        Block::Table(table) => json!({ "kind": "table", "table": table_json(table) }),
        Block::Chart(chart) => chart_json(chart),
    })
}

fn chart_json(chart: &Chart) -> Value {
    json!({
        "kind": "chart",
        "caption": text(chart.caption()),
        "svg": svg::render(chart),
        "table": table_json(&chart.data_table()),
    })
}

fn table_json(table: &Table) -> Value {
    let width = table.width();
    let columns: Vec<Value> = (0..width)
        .map(|i| {
            let column = table.column(i);
            json!({ "title": text(&column.title), "numeric": column.numeric })
        })
        .collect();
    // "t/m" stays with the date after it: "01-07-2023 t/m" never ends a line of a period.
    // (A word joiner keeps "t/" and "m" together, a no-break space "m" and the date.)
    let cell = |value: &str| text(&value.replace(" t/m ", " t/\u{2060}m\u{a0}"));
    let row = |cells: &[String]| -> Value {
        Value::Array(table.padded(cells).into_iter().map(cell).collect())
    };
    json!({
        "caption": text(&table.caption),
        "columns": columns,
        "rows": table.rows.iter().map(|r| row(r)).collect::<Vec<_>>(),
        "total": table.total.as_deref().map(row),
        "none": NO_ROWS,
    })
}

/// The only fonts typst can use: compiled in, never the system's (see `fonts/README.md`).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../../fonts/LibertinusSerif-BoldItalic.otf"),
];

/// The fonts, parsed once per process: every render shares them.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A typst world with two virtual files and embedded fonts, nothing else.
struct ReportWorld {
    main_id: FileId,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

impl ReportWorld {
    fn new(doc: &Document) -> Result<ReportWorld, PdfError> {
        let id = |path: &str| -> Result<FileId, PdfError> {
            let vpath = VirtualPath::new(path).map_err(|e| PdfError::Data(format!("{e:?}")))?;
            Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
        };
        let main_id = id(MAIN_PATH)?;
        let data_id = id(DATA_PATH)?;
        let data =
            serde_json::to_vec(&document_json(doc)).map_err(|e| PdfError::Data(e.to_string()))?;
        let date = doc.reference_date;
        let today = u8::try_from(date.month())
            .ok()
            .zip(u8::try_from(date.day()).ok())
            .and_then(|(month, day)| Datetime::from_ymd(i32::from(date.year()), month, day));
        Ok(ReportWorld {
            main_id,
            main: Source::new(main_id, TEMPLATE.to_owned()),
            data_id,
            data: Bytes::new(data),
            today,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main_id {
            Ok(self.main.clone())
        } else if id == self.data_id {
            Err(FileError::NotSource)
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main_id {
            Ok(Bytes::from_string(TEMPLATE))
        } else {
            // No file system, no packages: the template needs nothing else.
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// The reference date, whatever the clock says: a report is reproducible.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
