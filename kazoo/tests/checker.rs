//! The Pivot checker against PIVOT_TWIML.md: request building, translator
//! and outcome rows, the TwiML matrix, Kazoo JSON answers and walks.

mod checker {
    mod request;
}
