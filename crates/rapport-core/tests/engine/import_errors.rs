//! `rapport analyze` input: what is accepted, and clear errors for the rest.

use rapport_core::analytics::{BetweennessChoice, Import};

fn edges(text: &str) -> Result<Import, String> {
    let mut import = Import::new();
    import.read_edges(text).map_err(|e| e.to_string())?;
    Ok(import)
}

/// A header is optional, weight defaults to 1 and repeated rows add up.
#[test]
fn edges_with_or_without_header_and_weight_are_read() {
    let a = edges("source,target,weight\na,b,2\nb,a\na,b,0.5\n").expect("parses");
    let b = edges("a,b,2\r\nb,a\r\n\r\na,b,0.5").expect("parses");
    for i in [a, b] {
        let g = i.graph();
        assert_eq!(i.names, ["a", "b"]);
        assert_eq!(g.weight(0, 1), Some(2.5));
        assert_eq!(g.weight(1, 0), Some(1.0));
    }
}

/// Node ids are arbitrary strings, quoted when they hold a comma.
#[test]
fn quoted_node_ids_keep_their_commas() {
    let i = edges("\"Doe, Jane\",\"x \"\"y\"\"\"\n").expect("parses");
    assert_eq!(i.names, ["Doe, Jane", "x \"y\""]);
}

/// A wrong number of fields names the line and the expected columns.
#[test]
fn a_row_with_too_many_fields_is_refused_with_its_line() {
    let e = edges("source,target,weight\na,b,1\na,b,1,extra\n").expect_err("refused");
    assert_eq!(
        e,
        "line 3: expected source,target[,weight] (2 or 3 fields), found 4 fields"
    );
    let e = edges("a\n").expect_err("refused");
    assert!(e.starts_with("line 1: expected source,target"), "{e}");
}

/// Weights must be positive numbers.
#[test]
fn a_weight_that_is_not_a_positive_number_is_refused() {
    assert_eq!(
        edges("a,b,x\n").expect_err("refused"),
        "line 1: weight \"x\" is not a number (expected a positive number)"
    );
    assert_eq!(
        edges("a,b,1\na,b,-2\n").expect_err("refused"),
        "line 2: weight must be a positive number, found -2"
    );
    assert!(
        edges("a,b,0\n")
            .expect_err("refused")
            .starts_with("line 1: weight must be a positive")
    );
    assert!(edges("a,b,NaN\n").is_err() && edges("a,b,inf\n").is_err());
}

/// Empty node ids and unclosed quotes are refused with their line.
#[test]
fn empty_ids_and_unclosed_quotes_are_refused() {
    assert_eq!(
        edges("a,b\n,b\n").expect_err("refused"),
        "line 2: source is empty (expected a node id)"
    );
    assert!(
        edges("a,\"b\n")
            .expect_err("refused")
            .starts_with("line 1: a quoted field is not closed")
    );
}

/// An empty file (or a header alone) is an empty graph, not an error.
#[test]
fn an_empty_file_is_an_empty_graph() {
    for text in ["", "source,target,weight\n", "\n\n"] {
        let g = edges(text).expect("empty is fine").graph();
        assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    }
}

/// Self-ties are skipped and counted; the node still exists.
#[test]
fn a_self_tie_is_skipped_but_its_node_exists() {
    let i = edges("a,a,1\n").expect("parses");
    assert_eq!(
        (i.self_ties, i.names.len(), i.graph().edge_count()),
        (1, 1, 0)
    );
}

/// Groups: a node only in GROUPS.csv is an isolate; one group per node.
#[test]
fn groups_add_isolates_and_refuse_a_second_group() {
    let mut i = edges("a,b\n").expect("parses");
    i.read_groups("node,group\na,x\nc,y\na,x\n")
        .expect("groups parse");
    assert_eq!(i.names, ["a", "b", "c"]);
    assert_eq!(i.group_of, [Some(0), None, Some(1)]);
    let e = i.read_groups("a,y\n").expect_err("refused").to_string();
    assert_eq!(
        e,
        "line 1: node \"a\" is already in group \"x\" (a node belongs to one group)"
    );
    assert!(
        i.read_groups("a\n")
            .expect_err("refused")
            .to_string()
            .starts_with("line 1: expected node,group")
    );
}

/// The betweenness flag accepts auto, exact and sample=K only.
#[test]
fn the_betweenness_method_is_parsed_strictly() {
    assert_eq!(
        BetweennessChoice::parse("auto"),
        Ok(BetweennessChoice::Auto)
    );
    assert_eq!(
        BetweennessChoice::parse("exact"),
        Ok(BetweennessChoice::Exact)
    );
    assert_eq!(
        BetweennessChoice::parse("sample=64"),
        Ok(BetweennessChoice::Sample(64))
    );
    for bad in ["sample=0", "sample=", "fast", "sample=-1"] {
        assert!(BetweennessChoice::parse(bad).is_err(), "{bad}");
    }
}

/// Numeric ids may be put in numeric order; ties and groups follow them.
#[test]
fn numeric_ids_can_be_ordered_without_changing_the_graph() {
    let mut i = edges("10,2,1\n2,7,3\n").expect("parses");
    i.read_groups("7,x\n").expect("groups parse");
    i.order_numeric_ids();
    assert_eq!(i.names, ["2", "7", "10"]);
    assert_eq!(i.group_of, [None, Some(0), None]);
    let g = i.graph();
    assert_eq!((g.weight(2, 0), g.weight(0, 1)), (Some(1.0), Some(3.0)));
}
