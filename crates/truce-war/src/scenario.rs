//! US policy scenarios (to be completed).
