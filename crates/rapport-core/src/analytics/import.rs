//! Reading a relationship graph exported from elsewhere: the EDGES.csv
//! (`source,target[,weight]`) and GROUPS.csv (`node,group`) texts of
//! `rapport analyze`. Pure: the shell reads the files, this parses them and
//! says which line is wrong and what was expected.

use std::fmt;

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
    /// header, weight 1 by default and positive otherwise.
    pub fn read_edges(&mut self, text: &str) -> Result<(), ParseError> {
        let mut fields = Vec::with_capacity(3);
        for (line, row) in rows(text, &["source", "target"]) {
            split(row, &mut fields).map_err(|m| err(line, m))?;
            if !(2..=3).contains(&fields.len()) {
                return Err(err(
                    line,
                    format!(
                        "expected source,target[,weight] (2 or 3 fields), found {} field{}",
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
            let (s, t) = (fields[0].as_str(), fields[1].as_str());
            for (what, v) in [("source", s), ("target", t)] {
                if v.is_empty() {
                    return Err(err(line, format!("{what} is empty (expected a node id)")));
                }
            }
            let w = match fields.get(2).map(String::as_str) {
                None | Some("") => 1.0,
                Some(w) => parse_weight(w).map_err(|m| err(line, m))?,
            };
            let (s, t) = (self.node(s), self.node(t));
            if s == t {
                self.self_ties += 1;
            } else {
                self.edges.push((s, t, w));
            }
        }
        Ok(())
    }

    /// Reads GROUPS.csv text: `node,group`, with an optional header. A node
    /// belongs to one group; a node seen only here is an isolate.
    pub fn read_groups(&mut self, text: &str) -> Result<(), ParseError> {
        let mut fields = Vec::with_capacity(2);
        let mut groups: FxHashMap<String, u32> = FxHashMap::default();
        for (k, name) in self.group_names.iter().enumerate() {
            groups.insert(name.clone(), k as u32);
        }
        for (line, row) in rows(text, &["node", "group"]) {
            split(row, &mut fields).map_err(|m| err(line, m))?;
            if fields.len() != 2 {
                return Err(err(
                    line,
                    format!("expected node,group (2 fields), found {}", fields.len()),
                ));
            }
            if fields[0].is_empty() || fields[1].is_empty() {
                return Err(err(line, "node and group must both be non-empty".into()));
            }
            let node = self.node(&fields[0]);
            let next = self.group_names.len() as u32;
            let g = *groups.entry(fields[1].clone()).or_insert(next);
            if g == next {
                self.group_names.push(fields[1].clone());
            }
            match self.group_of[node as usize] {
                Some(old) if old != g => {
                    return Err(err(
                        line,
                        format!(
                            "node {:?} is already in group {:?} (a node belongs to one group)",
                            fields[0], self.group_names[old as usize]
                        ),
                    ));
                }
                _ => self.group_of[node as usize] = Some(g),
            }
        }
        Ok(())
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

fn parse_weight(w: &str) -> Result<f32, String> {
    let v: f64 = w
        .parse()
        .map_err(|_| format!("weight {w:?} is not a number (expected a positive number)"))?;
    if !(v.is_finite() && v > 0.0) {
        return Err(format!("weight must be a positive number, found {w}"));
    }
    Ok(v as f32)
}

/// Non-blank lines with their 1-based numbers, skipping a first line that
/// is the expected header.
fn rows<'a>(text: &'a str, header: &'a [&str]) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .enumerate()
        .filter(move |(k, (_, l))| !(*k == 0 && is_header(l, header)))
        .map(|(_, row)| row)
}

fn is_header(line: &str, header: &[&str]) -> bool {
    let mut fields = Vec::new();
    split(line, &mut fields).is_ok()
        && fields.len() >= header.len()
        && header
            .iter()
            .zip(&fields)
            .all(|(h, f)| f.eq_ignore_ascii_case(h))
}

/// Splits one CSV row into `out`: fields are trimmed; double quotes allow
/// commas inside, `""` is a quote.
fn split(row: &str, out: &mut Vec<String>) -> Result<(), String> {
    out.clear();
    if !row.contains('"') {
        out.extend(row.split(',').map(|f| f.trim().to_owned()));
        return Ok(());
    }
    let mut field = String::new();
    let mut chars = row.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            (',', false) => out.push(std::mem::take(&mut field).trim().to_owned()),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed (expected a closing \")".into());
    }
    out.push(field.trim().to_owned());
    Ok(())
}
