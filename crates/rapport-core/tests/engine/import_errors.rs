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

/// An empty file, blank lines or a header alone hold no ties: the import
/// reads them without error and `rapport analyze` refuses them by name.
#[test]
fn an_empty_file_or_a_header_alone_has_no_ties() {
    for text in [
        "",
        "source,target,weight\n",
        "\n\n",
        "\u{feff}source,target\r\n",
    ] {
        let i = edges(text).expect("empty is read");
        assert!(i.edges.is_empty() && i.names.is_empty(), "{text:?}");
        assert_eq!(i.graph().edge_count(), 0);
    }
}

/// A quoted field may hold a comma, a quote written `""` and a line break;
/// the fields around it are read as usual.
#[test]
fn quoted_fields_hold_commas_quotes_and_line_breaks() {
    let i = edges(
        "source,target,weight\n\"Doe, Jane\",\"say \"\"hi\"\"\",2\n\"two\nlines\",b,\"1.5\"\n",
    )
    .expect("parses");
    assert_eq!(i.names, ["Doe, Jane", "say \"hi\"", "two\nlines", "b"]);
    assert_eq!(i.edges, [(0, 1, 2.0), (2, 3, 1.5)]);
}

/// After a record that spans lines, an error names the line where its own
/// record starts, blank lines and CRLF included.
#[test]
fn errors_after_a_multi_line_field_name_the_line_where_the_record_starts() {
    assert_eq!(
        edges("source,target\n\"a\nb\nc\",d\n\ne,f,x\n").expect_err("refused"),
        "line 6: weight \"x\" is not a number (expected a positive number)"
    );
    assert_eq!(
        edges("a,b\r\n\r\n\"c\r\nd\",e,-1\r\n").expect_err("refused"),
        "line 3: weight must be a positive number, found -1"
    );
    assert!(
        edges("a,b\n\nc,\"d\ne,f\n")
            .expect_err("refused")
            .starts_with("line 3: a quoted field is not closed"),
    );
}

/// Weights the graph cannot hold, one alone or added up, are refused with
/// the line where the limit was passed.
#[test]
fn weights_too_large_or_adding_up_past_the_limit_are_refused() {
    assert_eq!(
        edges("a,b,1e308\n").expect_err("refused"),
        "line 1: weight 1e308 is too large (at most 3.4e38)"
    );
    assert_eq!(
        edges("source,target,weight\na,b,3e38\nb,a,3e38\n").expect_err("refused"),
        "line 3: the weights add up to more than 3.4e38 (their sum must be at most that)"
    );
    assert_eq!(
        edges("a,b,1e-50\n").expect_err("refused"),
        "line 1: weight 1e-50 is too small (at least 1.2e-38)"
    );
    let i = edges("a,b,1e38\nb,a,1e38\na,a,3e38\n").expect("within the limit");
    assert_eq!(i.graph().weight(0, 1), Some(1e38));
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
