//! The command line as an operator runs it: the real binary, real files,
//! exit status and output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `rapport ARGS`, with no configuration from the environment.
fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.args(args)
        .env_remove("RAPPORT_CONFIG")
        .env_remove("RAPPORT_DATABASE_URL")
        .env_remove("RAPPORT_BIND")
        .env_remove("RAPPORT_LOG_FORMAT");
    c
}

/// Runs `rapport ARGS` with no configuration from the environment.
fn rapport(args: &[&str]) -> Output {
    command(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
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

/// Weights the analytics cannot add up (huge, infinite, not a number) are
/// refused, naming the file and line.
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
        (
            "a,b,inf\n",
            "line 1: weight must be a positive number, found inf",
        ),
        (
            "a,b,1e309\n",
            "line 1: weight must be a positive number, found 1e309",
        ),
        (
            "a,b,1\nb,a,NaN\n",
            "line 2: weight must be a positive number, found NaN",
        ),
    ] {
        let path = write(dir.path(), "edges.csv", text.as_bytes());
        let out = rapport(&["analyze", "--edges", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let prefix = format!("error: {} (EDGES.csv): {expected}", path.display());
        assert!(stderr(&out).starts_with(&prefix), "{}", stderr(&out));
    }
}

/// Copies the test course into `parent/slug`, its front matter renamed to
/// match the folder.
fn course(parent: &Path, slug: &str) -> PathBuf {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../rapport-core/tests/fixtures/courses/mini");
    let dir = parent.join(slug);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&fixture).unwrap() {
        let e = e.unwrap();
        let text = std::fs::read_to_string(e.path()).unwrap();
        let text = text.replace("slug: mini\n", &format!("slug: {slug}\n"));
        std::fs::write(dir.join(e.file_name()), text).unwrap();
    }
    dir
}

const BUILTIN: &str = "building-great-relationships: ";

/// The folder of one course is checked as that course, named by the
/// folder (`.` included), and its problems are reported by file and line.
#[test]
fn courses_check_reads_the_folder_of_one_course() {
    let root = tempfile::tempdir().unwrap();
    let dir = course(root.path(), "mini");
    let out = rapport(&["courses", "check", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(
        listed.contains("mini: Mini: a course for tests (5 parts, 0 videos with captions)\n"),
        "{listed}"
    );
    assert!(listed.contains(BUILTIN), "{listed}");

    let here = command(&["courses", "check", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(here.status.success(), "{}", stderr(&here));
    assert!(stdout(&here).contains("mini: Mini"), "{}", stdout(&here));

    std::fs::write(dir.join("part-2.md"), "no front matter\n").unwrap();
    let out = rapport(&["courses", "check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("mini/part-2.md:1: "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("1 problem(s) in the course content"));
}

/// A folder of courses is read as the server reads `content_dir`.
#[test]
fn courses_check_reads_a_folder_of_courses() {
    let root = tempfile::tempdir().unwrap();
    course(root.path(), "first");
    course(root.path(), "second");
    let out = rapport(&["courses", "check", root.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    for slug in ["first: ", "second: ", BUILTIN] {
        assert!(listed.contains(slug), "{slug} not in {listed}");
    }
}

/// A folder holding no course at all is an error, not a pass.
#[test]
fn courses_check_refuses_a_folder_with_no_course() {
    let root = tempfile::tempdir().unwrap();
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let loose = root.path().join("loose");
    std::fs::create_dir_all(loose.join("images")).unwrap();
    std::fs::write(loose.join("part-1.md"), "---\nnumber: 1\n---\n").unwrap();
    for dir in [empty, loose] {
        let out = rapport(&["courses", "check", dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", dir.display());
        assert!(out.stdout.is_empty());
        let expected = format!(
            "error: no course in {}: expected a course's folder",
            dir.display()
        );
        assert!(stderr(&out).starts_with(&expected), "{}", stderr(&out));
    }
}

/// A configured `content_dir` that is one course's folder would load
/// nothing on the server: the check says so.
#[test]
fn courses_check_refuses_a_content_dir_that_is_one_course() {
    let root = tempfile::tempdir().unwrap();
    let dir = course(root.path(), "mini");
    let config = root.path().join("rapport.toml");
    let toml = format!("content_dir = {:?}\n", dir.to_str().unwrap());
    std::fs::write(&config, toml).unwrap();
    let out = rapport(&["courses", "check", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let expected = format!(
        "error: content_dir {} is one course's folder",
        dir.display()
    );
    assert!(stderr(&out).starts_with(&expected), "{}", stderr(&out));

    let toml = format!("content_dir = {:?}\n", root.path().to_str().unwrap());
    std::fs::write(&config, toml).unwrap();
    let out = rapport(&["courses", "check", "--config", config.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("mini: Mini"));
}

/// `rapport bench insights` runs on a tiny organization and prints its
/// table: the reference, one row per period and the target's verdict. It
/// times nothing that a test checks.
#[test]
fn bench_insights_runs_on_a_tiny_organization() {
    let out = rapport(&["bench", "insights", "--people", "200"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("rapport bench insights: 200 people"),
        "{text}"
    );
    for row in [
        "reference: count the acts once",
        "insights, 30 days",
        "insights, 90 days",
        "insights, 365 days",
        "target: every period under 2 s at 100000 people: not measured at this size",
    ] {
        assert!(text.contains(row), "no `{row}` in:\n{text}");
    }
    let out = rapport(&["bench", "insights", "--people", "200", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["people"], 200);
    assert_eq!(doc["periods"].as_array().map(Vec::len), Some(3));
}
