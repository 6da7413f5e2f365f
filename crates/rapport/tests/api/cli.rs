//! The command line as an operator runs it: the real binary, real files,
//! exit status and output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `rapport ARGS` with no configuration from the environment.
pub fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env_remove("RAPPORT_CONFIG")
        .env_remove("RAPPORT_DATABASE_URL")
        .env_remove("RAPPORT_BIND")
        .env_remove("RAPPORT_LOG_FORMAT")
        .output()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn analyze_json(edges: &Path) -> serde_json::Value {
    let out = rapport(&["analyze", "--edges", edges.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Node ids with commas, quotes and line breaks are echoed verbatim, from a
/// plain file and from a gzip one.
#[test]
fn analyze_reads_quoted_fields_from_plain_and_gzip_files() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "source,target,weight\n\"Doe, Jane\",\"say \"\"hi\"\"\",2\n\"two\nlines\",\"Doe, Jane\"\n\"say \"\"hi\"\"\",\"Doe, Jane\",1\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(csv.as_bytes()).unwrap();
    let files = [
        write(dir.path(), "edges.csv", csv.as_bytes()),
        write(dir.path(), "edges.csv.gz", &gz.finish().unwrap()),
    ];
    for file in files {
        let doc = analyze_json(&file);
        assert_eq!(
            (doc["nodes"].as_u64(), doc["ties"].as_u64()),
            (Some(3), Some(3))
        );
        let mut ids: Vec<&String> = doc["eigentrust"].as_object().unwrap().keys().collect();
        ids.sort();
        assert_eq!(ids, ["Doe, Jane", "say \"hi\"", "two\nlines"]);
        assert_eq!(doc["one_way_ties"].as_u64(), Some(1), "{doc}");
    }
}

/// An empty file or a header alone is refused by name, with exit status 1.
#[test]
fn analyze_refuses_an_edge_list_with_no_ties() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.csv", ""), ("header.csv", "source,target,weight\n")] {
        let path = write(dir.path(), name, text.as_bytes());
        let out = rapport(&["analyze", "--edges", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(out.stdout.is_empty(), "{name}: no report");
        let expected = format!("error: no ties in {}\n", path.display());
        assert_eq!(stderr(&out), expected);
    }
}

/// Weights the analytics cannot add up are refused, naming the file and line.
#[test]
fn analyze_refuses_huge_weights_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        (
            "source,target,weight\na,b,1e308\nb,a,1e308\n",
            "line 2: weight 1e308 is too large (at most 3.4e38)",
        ),
        (
            "a,b,3e38\n\"b\",\"a\",3e38\n",
            "line 2: the weights add up to more than 3.4e38",
        ),
    ] {
        let path = write(dir.path(), "edges.csv", text.as_bytes());
        let out = rapport(&["analyze", "--edges", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let prefix = format!("error: {} (EDGES.csv): {expected}", path.display());
        assert!(stderr(&out).starts_with(&prefix), "{}", stderr(&out));
    }
}
