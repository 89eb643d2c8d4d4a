//! The import form as posted: `multipart/form-data` from the page (files
//! and text boxes; axum's `Multipart`), or url-encoded from a script
//! (text boxes only). Each export comes from its file when one was chosen,
//! else from its text box. The body is bounded by the route's limit
//! ([`super::model::UPLOAD_MAX_BYTES`], set in the server's body limit).

use axum::{
    body::Bytes,
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
    export_file: Bytes,
    applications_file: Bytes,
    /// The text boxes as typed (kept to show again after a refusal).
    pub export_text: String,
    pub applications_text: String,
}

impl Upload {
    /// The numbers export: the file when one was sent (the upload's
    /// bytes, not copied), else the text.
    pub fn export(&self) -> Bytes {
        either(&self.export_file, &self.export_text)
    }

    /// The Applications export, as [`Upload::export`].
    pub fn applications(&self) -> Bytes {
        either(&self.applications_file, &self.applications_text)
    }
}

fn either(file: &Bytes, text: &str) -> Bytes {
    if file.is_empty() {
        Bytes::copy_from_slice(text.as_bytes())
    } else {
        file.clone()
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
        let text = |bytes: &Bytes| String::from_utf8_lossy(bytes).into_owned();
        match name.as_str() {
            EXPORT_FILE => upload.export_file = bytes,
            APPLICATIONS_FILE => upload.applications_file = bytes,
            EXPORT_TEXT => upload.export_text = text(&bytes),
            APPLICATIONS_TEXT => upload.applications_text = text(&bytes),
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
