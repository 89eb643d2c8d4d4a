//! The stylesheet's address in the shell. cargo-leptos names it
//! `pivot-console.<hash>.css` when it hashes the files (`hash-files` in
//! Cargo.toml) and writes the hash on the `css:` line of the hash file
//! beside the server binary, where Leptos also reads the JS and WASM names
//! (`HydrationScripts`). A build without hashes keeps `pivot-console.css`.

use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

use leptos::config::LeptosOptions;

/// `/<pkg dir>/<output name>[.<hash>].css`, read once per process.
pub fn href(options: &LeptosOptions) -> String {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        let hash = options
            .hash_files
            .then(|| css_hash(&hash_file(options)))
            .flatten();
        let name = match hash {
            Some(hash) => format!("{}.{hash}.css", options.output_name),
            None => format!("{}.css", options.output_name),
        };
        format!("/{}/{name}", options.site_pkg_dir)
    })
    .clone()
}

/// The hash file named `name` (`LeptosOptions::hash_file`): beside the
/// running binary, where cargo-leptos writes it and Leptos looks for it
/// (`HydrationScripts`). `None` when the binary's path is unknown.
pub fn hash_file_path(name: &str) -> Option<PathBuf> {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
}

/// [`hash_file_path`] of `options`, or the bare name.
fn hash_file(options: &LeptosOptions) -> PathBuf {
    let name = options.hash_file.as_ref();
    hash_file_path(name).unwrap_or_else(|| PathBuf::from(name))
}

/// The `css: <hash>` line of the hash file, if it can be read.
fn css_hash(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| {
        let (kind, hash) = line.split_once(':')?;
        (kind.trim() == "css").then(|| hash.trim().to_owned())
    })
}
