//! Demo organization generator (see demo/README in ARCHITECTURE.md).
