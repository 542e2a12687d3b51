//! Integration tests of the `minutes` binary: one target, one module per area.

mod support;

mod bad_input;
mod generator;
mod workflow;
