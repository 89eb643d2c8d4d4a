//! §2: what Pivot sends.

use kazoo::checker::{timeout_ms, DEFAULT_TIMEOUT_MS};

#[test]
fn timeout_is_capped_at_5000() {
    assert_eq!(timeout_ms(None), DEFAULT_TIMEOUT_MS);
    assert_eq!(timeout_ms(Some(9000)), 5000);
    assert_eq!(timeout_ms(Some(1200)), 1200);
}
