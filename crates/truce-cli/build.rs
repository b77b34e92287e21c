// Tests that read ../shared are ignored, not passed, when it is missing outside CI.
include!("../../build/shared_cfg.rs");
