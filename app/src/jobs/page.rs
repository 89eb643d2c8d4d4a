//! The jobs' pages: the list (`/jobs`, `page/list.rs`) and one job
//! (`/jobs/<id>`, `page/job.rs`): what it is and where it stands, its
//! progress (`page/progress.rs`), Retry failed and Cancel job
//! (`page/actions.rs`) and its items (`page/items.rs`). A job's page
//! follows the job live with JavaScript (`page/live.rs`) and shows where
//! it stands on every reload without. Counts and times in words:
//! `page/words.rs`.

mod actions;
mod items;
mod job;
mod list;
mod live;
mod progress;
mod words;

pub use self::{job::JobPage, list::JobsPage};
