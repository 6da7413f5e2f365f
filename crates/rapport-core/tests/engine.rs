//! The trust engine's tests: the worked table of the trust model, its
//! properties, replay determinism, analytics against networkx reference
//! values, `rapport analyze` input parsing, nudges, introductions and the learning course. One
//! binary, one link.

mod engine {
    pub mod analytics_reference;
    pub mod import_errors;
    pub mod introductions;
    pub mod learning;
    pub mod learning_pdf;
    pub mod learning_progress;
    pub mod learning_video;
    pub mod learning_xapi;
    pub mod nudge_support;
    pub mod nudges;
    pub mod nudges_select;
    pub mod replay;
    pub mod support;
    pub mod trust_properties;
    pub mod trust_table;
}
