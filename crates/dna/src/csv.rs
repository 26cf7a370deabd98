//! The profile file: CSV, one profile per row, header `id,type,<locus>,<locus>,…` (any subset
//! and order of loci, Amelogenin allowed), `type` `reference` or `stain`, a cell `a/b`, `a`
//! (homozygote), `a/*` or empty (not typed).
//!
//! Reading applies the conversions and the inclusion rules; a file with any broken row is
//! refused as a whole, and every error names the line, the column, the profile, the locus and
//! the value. Reading never panics, whatever the bytes (fuzzed, and a property test).

use crate::locus::{Column, Locus};
use crate::profile::{Genotype, Kind, Profile, Sex};
use rayon::prelude::*;
use std::fmt;
use std::io::{Read, Write};

/// Errors reported at most per file; reading stops after them.
pub const MAX_ERRORS: usize = 20;
/// Rows parsed per parallel batch.
const BATCH: usize = 1 << 16;

/// One reason a file is refused.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ReadError {
    /// 1-based line (of the row's start).
    pub line: u64,
    /// 1-based column (field) and its header, when one cell is at fault.
    pub column: Option<(usize, String)>,
    pub profile: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some((column, name)) = &self.column {
            write!(f, ", column {column}")?;
            if !name.is_empty() {
                write!(f, " ({name})")?;
            }
        }
        if let Some(profile) = &self.profile {
            write!(f, ", profile {profile:?}")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", value {value:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a file was refused: the first errors (at most [`MAX_ERRORS`]).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ReadErrors {
    pub errors: Vec<ReadError>,
}

impl fmt::Display for ReadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.errors.len() >= MAX_ERRORS {
            write!(f, "\n(stopped after {MAX_ERRORS} errors)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadErrors {}

impl ReadErrors {
    fn one(error: ReadError) -> ReadErrors {
        ReadErrors {
            errors: vec![error],
        }
    }
}

fn at_line(line: u64, reason: impl Into<String>) -> ReadError {
    ReadError {
        line,
        column: None,
        profile: None,
        value: None,
        reason: reason.into(),
    }
}

/// The columns of a file, from its header.
struct Header {
    columns: Vec<Column>,
    names: Vec<String>,
}

const EXPECTED_HEADER: &str = "the header must be `id,type,<locus>,<locus>,…`";

fn read_header(record: &csv::ByteRecord, line: u64) -> Result<Header, ReadError> {
    let names: Vec<String> = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    let cell_error = |column: usize, reason: String| ReadError {
        line,
        column: Some((column + 1, String::new())),
        profile: None,
        value: names.get(column).cloned(),
        reason,
    };
    // A byte-order mark (as some spreadsheets write) is not part of the name.
    let first = names
        .first()
        .map(|n| n.trim_start_matches('\u{feff}').to_ascii_lowercase());
    if first.as_deref() != Some("id") {
        return Err(cell_error(0, format!("expected `id`; {EXPECTED_HEADER}")));
    }
    if names.get(1).map(|n| n.to_ascii_lowercase()).as_deref() != Some("type") {
        return Err(cell_error(1, format!("expected `type`; {EXPECTED_HEADER}")));
    }
    let mut columns = Vec::with_capacity(names.len().saturating_sub(2));
    for (i, name) in names.iter().enumerate().skip(2) {
        let Some(column) = Column::parse(name) else {
            return Err(cell_error(
                i,
                "not an accepted locus (the ESS and Interpol loci and Amelogenin are)".to_string(),
            ));
        };
        if columns.contains(&column) {
            return Err(cell_error(i, "this locus appears twice".to_string()));
        }
        columns.push(column);
    }
    Ok(Header { columns, names })
}

/// Reads one data row into a profile, with every error it has.
fn read_row(
    header: &Header,
    record: &csv::ByteRecord,
    line: u64,
) -> Result<Profile, Vec<ReadError>> {
    let expected = header.columns.len() + 2;
    if record.len() != expected {
        return Err(vec![at_line(
            line,
            format!("expected {expected} fields, found {}", record.len()),
        )]);
    }
    let text = |i: usize| -> Result<&str, ReadError> {
        std::str::from_utf8(record.get(i).unwrap_or_default()).map_err(|_| ReadError {
            line,
            column: Some((i + 1, header.names[i].clone())),
            profile: None,
            value: None,
            reason: "not valid UTF-8".to_string(),
        })
    };
    let id = text(0).map_err(|e| vec![e])?.trim();
    if id.is_empty() {
        return Err(vec![ReadError {
            column: Some((1, "id".to_string())),
            ..at_line(line, "the profile id is empty")
        }]);
    }
    let mut errors = Vec::new();
    let in_row = |column: usize, value: &str, reason: String| ReadError {
        line,
        column: Some((column + 1, header.names[column].clone())),
        profile: Some(id.to_string()),
        value: Some(value.to_string()),
        reason,
    };
    let kind_text = text(1).map_err(|e| vec![e])?;
    let kind = Kind::parse(kind_text).unwrap_or_else(|| {
        errors.push(in_row(
            1,
            kind_text,
            "the type must be `reference` or `stain`".to_string(),
        ));
        Kind::Stain
    });
    let mut profile = Profile::new(id, kind);
    for (i, column) in header.columns.iter().enumerate() {
        let cell = match text(i + 2) {
            Ok(cell) => cell,
            Err(mut e) => {
                e.profile = Some(id.to_string());
                errors.push(e);
                continue;
            }
        };
        match column {
            Column::Amelogenin => profile.amelogenin = Sex::parse_cell(cell),
            Column::Locus(locus) => match Genotype::parse(cell, *locus) {
                Ok(genotype) => profile.genotypes[locus.index()] = genotype,
                Err(e) => errors.push(in_row(i + 2, cell, e.to_string())),
            },
        }
    }
    if errors.is_empty()
        && let Err(rule) = profile.check_rules()
    {
        errors.push(ReadError {
            profile: Some(id.to_string()),
            ..at_line(line, format!("breaks an inclusion rule: {rule}"))
        });
    }
    if errors.is_empty() {
        Ok(profile)
    } else {
        Err(errors)
    }
}

/// Reads a profile file; all or nothing.
///
/// One thread splits the next batch of records while the others parse the last one; the
/// records of a batch are reused, and duplicate ids are found at the end with a sort of their
/// hashes, so that reading scales with the cores and not with the allocator.
pub fn read_profiles(reader: impl Read + Send) -> Result<Vec<Profile>, ReadErrors> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    if !csv.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(ReadErrors::one(at_line(
            1,
            format!("the file is empty; {EXPECTED_HEADER}"),
        )));
    }
    let header_line = record.position().map_or(1, |p| p.line());
    let header = read_header(&record, header_line).map_err(ReadErrors::one)?;

    let mut profiles = Vec::new();
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut current = Batch::default();
    let mut next = Batch::default();
    current.fill(&mut csv)?;
    while current.len > 0 {
        let (parsed, more) = rayon::join(
            || {
                current.records[..current.len]
                    .par_iter()
                    .map(|(line, r)| (*line, read_row(&header, r, *line)))
                    .collect::<Vec<_>>()
            },
            || next.fill(&mut csv),
        );
        more?;
        for (line, row) in parsed {
            match row {
                Ok(profile) => {
                    profiles.push(profile);
                    lines.push(line);
                }
                Err(row_errors) => errors.extend(row_errors),
            }
        }
        if errors.len() >= MAX_ERRORS {
            break;
        }
        std::mem::swap(&mut current, &mut next);
    }
    errors.extend(duplicate_ids(&profiles, &lines));
    if errors.is_empty() {
        Ok(profiles)
    } else {
        errors.sort_by_key(|e| e.line);
        errors.truncate(MAX_ERRORS);
        Err(ReadErrors { errors })
    }
}

fn csv_error(e: csv::Error) -> ReadErrors {
    let line = e.position().map_or(0, |p| p.line());
    ReadErrors::one(at_line(line, format!("not a readable CSV file: {e}")))
}

/// Records read but not yet parsed, with their lines; the records are reused.
#[derive(Default)]
struct Batch {
    records: Vec<(u64, csv::ByteRecord)>,
    len: usize,
}

impl Batch {
    /// Reads up to [`BATCH`] records; `len` is 0 at the end of the file.
    fn fill<R: Read>(&mut self, csv: &mut csv::Reader<R>) -> Result<(), ReadErrors> {
        self.len = 0;
        while self.len < BATCH {
            if self.records.len() == self.len {
                self.records.push((0, csv::ByteRecord::new()));
            }
            let (line, record) = &mut self.records[self.len];
            if !csv.read_byte_record(record).map_err(csv_error)? {
                break;
            }
            *line = record.position().map_or(0, |p| p.line());
            self.len += 1;
        }
        Ok(())
    }
}

/// Every profile whose id an earlier one has, naming the earlier line.
fn duplicate_ids(profiles: &[Profile], lines: &[u64]) -> Vec<ReadError> {
    use std::hash::{Hash, Hasher};
    let mut hashed: Vec<(u64, u32)> = profiles
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut h = std::hash::DefaultHasher::new();
            p.id.hash(&mut h);
            (h.finish(), i as u32)
        })
        .collect();
    hashed.par_sort_unstable();
    let mut errors = Vec::new();
    for run in hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Positions ascend within a run: compare each with the ones before it.
        for (k, &(_, later)) in run.iter().enumerate() {
            let id = &profiles[later as usize].id;
            if let Some(&(_, first)) = run[..k]
                .iter()
                .find(|(_, earlier)| profiles[*earlier as usize].id == *id)
            {
                errors.push(ReadError {
                    column: Some((1, "id".to_string())),
                    profile: Some(id.clone()),
                    ..at_line(
                        lines[later as usize],
                        format!(
                            "the id is used twice (first on line {})",
                            lines[first as usize]
                        ),
                    )
                });
            }
        }
    }
    errors
}

/// Writes profiles in the same format, with the given loci as columns (and Amelogenin first
/// when any profile has it).
pub fn write_profiles(
    writer: impl Write,
    profiles: &[Profile],
    loci: &[Locus],
) -> Result<(), csv::Error> {
    let mut csv = csv::WriterBuilder::new().from_writer(writer);
    let amelogenin = profiles.iter().any(|p| p.amelogenin.is_some());
    let mut header = vec!["id", "type"];
    if amelogenin {
        header.push("Amelogenin");
    }
    header.extend(loci.iter().map(|l| l.name()));
    csv.write_record(&header)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for profile in profiles {
        row.clear();
        row.push(profile.id.clone());
        row.push(profile.kind.as_str().to_string());
        if amelogenin {
            row.push(profile.amelogenin.map(Sex::cell).unwrap_or_default());
        }
        for locus in loci {
            row.push(
                profile
                    .genotype(*locus)
                    .map(|g| g.to_string())
                    .unwrap_or_default(),
            );
        }
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allele::Allele;

    fn read(text: &str) -> Result<Vec<Profile>, ReadErrors> {
        read_profiles(text.as_bytes())
    }

    const HEADER: &str =
        "id,type,Amelogenin,D3S1358,vWA,D8S1179,D21S11,D18S51,TH01,FGA,D1S1656,D2S441,D10S1248\n";

    #[test]
    fn a_good_file_is_read_with_the_conversions() {
        let text = format!(
            "{HEADER}R1,reference,X/Y,15/16,17,13/14,29/30,12/15,9.3/10,21/22,,,\n\
             S1,stain,,15/*,17/99,13/14/15,29/30,12/15,9.3/10,,14/15,11/14,13/14\n"
        );
        let profiles = read(&text).unwrap();
        assert_eq!(profiles.len(), 2);
        let r = &profiles[0];
        assert_eq!(r.kind, Kind::Reference);
        assert_eq!(r.amelogenin, Some([Sex::X, Sex::Y]));
        assert_eq!(r.genotype(Locus::VWA).unwrap().to_string(), "17");
        let s = &profiles[1];
        assert_eq!(s.genotype(Locus::D3S1358).unwrap().to_string(), "15/*");
        assert_eq!(s.genotype(Locus::VWA).unwrap().to_string(), "17/*");
        assert_eq!(s.genotype(Locus::D8S1179).unwrap().to_string(), "13/*");
        assert_eq!(s.genotype(Locus::FGA), None);
        assert_eq!(
            s.genotype(Locus::TH01).unwrap().first(),
            Allele::Value {
                repeats: 9,
                variant: 3
            }
        );
    }

    #[test]
    fn writing_and_reading_gives_the_same_profiles() {
        let text = format!(
            "{HEADER}R1,reference,X/Y,15/16,17,13/14,29/30,12/15,9.3/10,21/22,,,\n\
             S1,stain,,15/*,17/99,13/14/15,29/30,12/15,9.3/10,,14/15,11/14,13/14\n"
        );
        let profiles = read(&text).unwrap();
        let mut out = Vec::new();
        write_profiles(&mut out, &profiles, &Locus::ESS).unwrap();
        assert_eq!(read_profiles(&out[..]).unwrap(), profiles);
    }

    fn first_error(text: &str) -> ReadError {
        read(text).unwrap_err().errors.remove(0)
    }

    #[test]
    fn a_bad_value_names_line_column_profile_locus_and_value() {
        let text = format!(
            "{HEADER}R1,reference,X,15/16,17,13/14,29/30,12/15,9.3/10,21/22,,,\n\
             S1,stain,,15/16,17,13/14,29/30,12/150,9.3/10,21,,,\n"
        );
        let e = first_error(&text);
        assert_eq!(e.line, 3);
        assert_eq!(e.column, Some((8, "D18S51".to_string())));
        assert_eq!(e.profile.as_deref(), Some("S1"));
        assert_eq!(e.value.as_deref(), Some("12/150"));
        let shown = e.to_string();
        assert!(
            shown.starts_with("line 3, column 8 (D18S51), profile \"S1\", value \"12/150\""),
            "{shown}"
        );
        assert!(shown.contains("150"), "{shown}");
    }

    #[test]
    fn a_broken_rule_refuses_the_whole_file() {
        let text = format!(
            "{HEADER}R1,reference,X,15/16,17,13/14,29/30,12/15,9.3/10,21/22,,,\n\
             R2,reference,X,15/16,17,13/*,29/30,12/*,9.3/10,21/22,14/15,11/14,13/14\n"
        );
        let errors = read(&text).unwrap_err();
        assert_eq!(errors.errors.len(), 1);
        let e = &errors.errors[0];
        assert_eq!((e.line, e.profile.as_deref()), (3, Some("R2")));
        assert!(e.reason.contains("ESS-2001"), "{}", e.reason);
        assert!(e.reason.contains("D8S1179, D18S51"), "{}", e.reason);
    }

    #[test]
    fn header_problems_are_named() {
        let e = first_error("name,type,TH01\n");
        assert_eq!((e.line, e.column.map(|c| c.0)), (1, Some(1)));
        let e = first_error("id,type,TH01,D6S1043\n");
        assert_eq!(e.column.map(|c| c.0), Some(4));
        assert_eq!(e.value.as_deref(), Some("D6S1043"));
        let e = first_error("id,type,TH01,th01\n");
        assert!(e.reason.contains("twice"));
        assert!(first_error("").reason.contains("empty"));
        // A byte-order mark is accepted.
        assert!(read("\u{feff}id,type,TH01\n").unwrap().is_empty());
    }

    #[test]
    fn rows_with_the_wrong_field_count_types_and_duplicate_ids_are_errors() {
        let good = "15/16,17,13/14,29/30,12/15,9.3/10,21/22,,,";
        let text = format!(
            "{HEADER}R1,reference,X,{good}\nR2,reference,X,{good},12\nR3,person,X,{good}\nR1,stain,,{good}\n,stain,,{good}\n"
        );
        let errors = read(&text).unwrap_err().errors;
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].reason.contains("expected 13 fields, found 14"));
        assert_eq!(errors[1].column, Some((2, "type".to_string())));
        assert_eq!(errors[1].value.as_deref(), Some("person"));
        assert!(errors[2].reason.contains("first on line 2"));
        assert_eq!(errors[3].column, Some((1, "id".to_string())));
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            b"R1,reference,X,15/16,\xff\xfe,13/14,29/30,12/15,9.3/10,21/22,,,\n",
        );
        let e = read_profiles(&bytes[..]).unwrap_err().errors.remove(0);
        assert_eq!(e.column, Some((5, "vWA".to_string())));
    }
}
