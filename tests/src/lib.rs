//! Shared pieces of the test suite: where the collections are, and the loopback HTTP servers
//! that the end-to-end tests drive the generated clients against.
//!
//! Every server listens on 127.0.0.1 with an ephemeral port; no test touches the network.

pub mod corpus;
pub mod echo_server;
pub mod zoom_server;
