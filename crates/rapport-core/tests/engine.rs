//! The trust engine's tests: the worked table of the trust model, its
//! properties, replay determinism, analytics against networkx reference
//! values, `rapport analyze` input parsing, nudges and introductions. One
//! binary, one link.

mod engine {
    pub mod analytics_reference;
    pub mod import_errors;
    pub mod introductions;
    pub mod nudge_support;
    pub mod nudges;
    pub mod nudges_select;
    pub mod replay;
    pub mod support;
    pub mod trust_properties;
    pub mod trust_table;
}
