//! Loopback HTTP servers that the end-to-end tests drive the generated clients against.
//!
//! Everything here listens on 127.0.0.1 with an ephemeral port; no test touches the network.

pub mod zoom_server;
