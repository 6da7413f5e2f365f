//! Reading a relationship graph exported from elsewhere: the EDGES.csv
//! (`source,target[,weight]`) and GROUPS.csv (`node,group`) texts of
//! `rapport analyze`. Pure: the shell reads the files, this parses them
//! (with the `csv` crate, from memory) and says which line is wrong and what
//! was expected.

use std::fmt;
use std::io::Read;

use csv::{ReaderBuilder, StringRecord};
use rustc_hash::FxHashMap;

use super::graph::Graph;

/// A line that could not be read, counting the header as line 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Nodes (named by arbitrary strings, kept in order of first appearance),
/// ties and groups read so far.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// Node names; node `k` of the graph is `names[k]`.
    pub names: Vec<String>,
    index: FxHashMap<String, u32>,
    /// Ties as read; repeated rows are summed when the graph is built.
    pub edges: Vec<(u32, u32, f32)>,
    /// Rows naming the same node twice: not a relationship, so skipped.
    pub self_ties: usize,
    /// The sum of the ties' weights so far.
    weight_total: f64,
    /// Group names, in order of first appearance.
    pub group_names: Vec<String>,
    /// Each node's group, if any (filled up to `names.len()`).
    pub group_of: Vec<Option<u32>>,
}

impl Import {
    pub fn new() -> Self {
        Self::default()
    }

    fn node(&mut self, name: &str) -> u32 {
        if let Some(&k) = self.index.get(name) {
            return k;
        }
        let k = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), k);
        self.group_of.push(None);
        k
    }

    /// Reads EDGES.csv text: `source,target[,weight]`, with an optional
    /// header, weight 1 by default and positive otherwise. The weights of
    /// all rows read must add up to at most `f32::MAX` (about 3.4e38), so
    /// that no sum the analytics make overflows.
    pub fn read_edges(&mut self, text: &str) -> Result<(), ParseError> {
        for_each_row(text, &["source", "target"], |fields| {
            if !(2..=3).contains(&fields.len()) {
                return Err(format!(
                    "expected source,target[,weight] (2 or 3 fields), found {} field{}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" }
                ));
            }
            let (s, t) = (fields[0].trim(), fields[1].trim());
            for (what, v) in [("source", s), ("target", t)] {
                if v.is_empty() {
                    return Err(format!("{what} is empty (expected a node id)"));
                }
            }
            let w = match fields.get(2).map(str::trim) {
                None | Some("") => 1.0,
                Some(w) => parse_weight(w)?,
            };
            let (s, t) = (self.node(s), self.node(t));
            if s == t {
                self.self_ties += 1;
                return Ok(());
            }
            self.weight_total += f64::from(w);
            if self.weight_total > MAX_WEIGHT {
                return Err(format!(
                    "the weights add up to more than {MAX_WEIGHT:.1e} (their sum must be at most that)"
                ));
            }
            self.edges.push((s, t, w));
            Ok(())
        })
    }

    /// Reads GROUPS.csv text: `node,group`, with an optional header. A node
    /// belongs to one group; a node seen only here is an isolate.
    pub fn read_groups(&mut self, text: &str) -> Result<(), ParseError> {
        let mut groups: FxHashMap<String, u32> = FxHashMap::default();
        for (k, name) in self.group_names.iter().enumerate() {
            groups.insert(name.clone(), k as u32);
        }
        for_each_row(text, &["node", "group"], |fields| {
            if fields.len() != 2 {
                return Err(format!(
                    "expected node,group (2 fields), found {}",
                    fields.len()
                ));
            }
            let (name, group) = (fields[0].trim(), fields[1].trim());
            if name.is_empty() || group.is_empty() {
                return Err("node and group must both be non-empty".into());
            }
            let node = self.node(name);
            let next = self.group_names.len() as u32;
            let g = *groups.entry(group.to_owned()).or_insert(next);
            if g == next {
                self.group_names.push(group.to_owned());
            }
            match self.group_of[node as usize] {
                Some(old) if old != g => Err(format!(
                    "node {name:?} is already in group {:?} (a node belongs to one group)",
                    self.group_names[old as usize]
                )),
                _ => {
                    self.group_of[node as usize] = Some(g);
                    Ok(())
                }
            }
        })
    }

    /// The graph of what was read (repeated ties summed).
    pub fn graph(&self) -> Graph {
        Graph::from_edges(self.names.len(), self.edges.clone())
    }

    /// Renumbers the nodes in numeric order of their ids when every id is
    /// a number. Exports usually number people so that colleagues are
    /// close (by team, by crawl order); keeping that order keeps their data
    /// close in memory, which the analytics feel. Output is keyed by name,
    /// so the order is invisible; it also makes lists ordered by id.
    pub fn order_numeric_ids(&mut self) {
        let Some(keys) = self
            .names
            .iter()
            .map(|s| s.parse::<i64>().ok())
            .collect::<Option<Vec<i64>>>()
        else {
            return;
        };
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_by_key(|&k| keys[k as usize]);
        let mut new_id = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut names = std::mem::take(&mut self.names);
        self.names = order
            .iter()
            .map(|&k| std::mem::take(&mut names[k as usize]))
            .collect();
        self.group_of = order.iter().map(|&k| self.group_of[k as usize]).collect();
        for (k, name) in self.names.iter().enumerate() {
            self.index.insert(name.clone(), k as u32);
        }
        for e in &mut self.edges {
            e.0 = new_id[e.0 as usize];
            e.1 = new_id[e.1 as usize];
        }
    }
}

fn err(line: usize, message: String) -> ParseError {
    ParseError { line, message }
}

/// The largest weight, and sum of weights, the graph can hold: weights are
/// stored as `f32`, and repeated rows for one pair are added up.
const MAX_WEIGHT: f64 = f32::MAX as f64;

/// The weight of one row: a positive number the graph can store.
fn parse_weight(w: &str) -> Result<f32, String> {
    let v: f64 = w
        .parse()
        .map_err(|_| format!("weight {w:?} is not a number (expected a positive number)"))?;
    if !(v.is_finite() && v > 0.0) {
        return Err(format!("weight must be a positive number, found {w}"));
    }
    if v > MAX_WEIGHT {
        return Err(format!(
            "weight {w} is too large (at most {MAX_WEIGHT:.1e})"
        ));
    }
    if v < f64::from(f32::MIN_POSITIVE) {
        return Err(format!(
            "weight {w} is too small (at least {:.1e})",
            f32::MIN_POSITIVE
        ));
    }
    Ok(v as f32)
}

/// Appended to the text so that the reader's last record is this one:
/// a CSV reader ends a quoted field left open at the end of the input
/// without a word, and a field left open swallows this record, which is how
/// an unclosed quote is noticed.
const END: &[u8] = b"\n\0";

/// Calls `each` with every record that is not blank (fields untrimmed),
/// skipping a first record that is the expected header. A quoted field
/// may hold commas, `""` for a quote, and line breaks; an error names the
/// line where its record starts, counting the header as line 1.
fn for_each_row(
    text: &str,
    header: &[&str],
    mut each: impl FnMut(&StringRecord) -> Result<(), String>,
) -> Result<(), ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes().chain(END));
    let line = |record: &StringRecord| record.position().map_or(1, |p| line_at(text, p.byte()));
    let read = |reader: &mut csv::Reader<_>, record: &mut StringRecord| {
        reader.read_record(record).map_err(|e| {
            err(
                e.position().map_or(1, |p| line_at(text, p.byte())),
                e.to_string(),
            )
        })
    };
    let (mut record, mut next) = (StringRecord::new(), StringRecord::new());
    let mut first = true;
    if !read(&mut reader, &mut record)? {
        return Ok(()); // not reached: END is a record
    }
    loop {
        if !read(&mut reader, &mut next)? {
            return if record.len() == 1 && &record[0] == "\0" {
                Ok(())
            } else {
                let message = "a quoted field is not closed (expected a closing \")";
                Err(err(line(&record), message.into()))
            };
        }
        let blank = record.len() == 1 && record[0].trim().is_empty();
        if !blank {
            if !(first && is_header(&record, header)) {
                each(&record).map_err(|m| err(line(&record), m))?;
            }
            first = false;
        }
        std::mem::swap(&mut record, &mut next);
    }
}

/// The 1-based line of the record the reader started at `byte`. A record's
/// position is where the reader stood after the previous one, before the
/// line breaks and blank lines it skipped: those are skipped here too.
fn line_at(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let start = usize::try_from(byte).map_or(bytes.len(), |b| b.min(bytes.len()));
    let skip = bytes[start..]
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .count();
    1 + bytes[..start + skip]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn is_header(record: &StringRecord, header: &[&str]) -> bool {
    record.len() >= header.len()
        && header
            .iter()
            .zip(record)
            .all(|(h, f)| f.trim().eq_ignore_ascii_case(h))
}
