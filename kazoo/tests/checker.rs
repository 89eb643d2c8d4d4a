//! The Pivot checker against PIVOT_TWIML.md: request building (§2),
//! translator and outcome rows (§1, §3), the TwiML matrix (§4), Kazoo JSON
//! answers (§5), walks (§4.1) and the `callflows.action` facts it carries.

mod checker {
    mod kazoo_json;
    mod limits;
    mod outcome;
    mod request;
    mod schema;
    mod twiml;
    mod walk;
}
