//! The import form as posted: `multipart/form-data` from the page (files
//! and text boxes; axum's `Multipart`), or url-encoded from a script
//! (text boxes only). Each export comes from its file when one was chosen,
//! else from its text box. The body is bounded by the route's limit
//! ([`super::model::UPLOAD_MAX_BYTES`], set in the server's body limit).

use axum::{
    extract::{FromRequest, Multipart, Request},
    http::{header, StatusCode},
    Form,
};

/// The form's fields.
pub const EXPORT_FILE: &str = "export_file";
/// See [`EXPORT_FILE`].
pub const EXPORT_TEXT: &str = "export_text";
/// See [`EXPORT_FILE`].
pub const APPLICATIONS_FILE: &str = "applications_file";
/// See [`EXPORT_FILE`].
pub const APPLICATIONS_TEXT: &str = "applications_text";

/// What was posted.
#[derive(Debug, Default)]
pub struct Upload {
    export_file: Vec<u8>,
    applications_file: Vec<u8>,
    /// The text boxes as typed (kept to show again after a refusal).
    pub export_text: String,
    pub applications_text: String,
}

impl Upload {
    /// The numbers export: the file when one was sent, else the text.
    pub fn export(&self) -> &[u8] {
        if self.export_file.is_empty() {
            self.export_text.as_bytes()
        } else {
            &self.export_file
        }
    }

    /// The Applications export, as [`Upload::export`].
    pub fn applications(&self) -> &[u8] {
        if self.applications_file.is_empty() {
            self.applications_text.as_bytes()
        } else {
            &self.applications_file
        }
    }
}

/// Why a post could not be read, in words.
#[derive(Debug)]
pub enum UploadError {
    /// Past the route's limit while it was read (a body sent without a
    /// length; one that says its length is refused before).
    TooLarge,
    /// Not a form, or a broken one.
    Unreadable,
}

/// Reads the post.
///
/// # Errors
/// `TooLarge` or `Unreadable`.
pub async fn read(request: Request) -> Result<Upload, UploadError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, &())
            .await
            .map_err(|e| too_large_or(e.status()))?;
        let mut upload = Upload::default();
        for (name, value) in pairs {
            match name.as_str() {
                EXPORT_TEXT => upload.export_text = value,
                APPLICATIONS_TEXT => upload.applications_text = value,
                _ => {}
            }
        }
        return Ok(upload);
    }
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|e| too_large_or(e.status()))?;
    let mut upload = Upload::default();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| too_large_or(e.status()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|e| too_large_or(e.status()))?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            EXPORT_FILE => upload.export_file = bytes.to_vec(),
            APPLICATIONS_FILE => upload.applications_file = bytes.to_vec(),
            EXPORT_TEXT => upload.export_text = text(),
            APPLICATIONS_TEXT => upload.applications_text = text(),
            _ => {}
        }
    }
    Ok(upload)
}

fn too_large_or(status: StatusCode) -> UploadError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge
    } else {
        UploadError::Unreadable
    }
}
