//! Lists the languages in `locales/` for the crate (`$OUT_DIR/languages.rs`): each one's code,
//! its name in itself (its `language-own-name` message), its files (the `.ftl` files directly in
//! its folder) and the name the browser fetches them by. The list is known without the files'
//! text, so the browser's bundle can name every language while carrying none of them.

use std::{fmt::Write, fs, path::Path};

fn main() {
    let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", locales.display());
    let mut languages: Vec<(String, String, Vec<String>, String)> = Vec::new();
    for folder in fs::read_dir(&locales).expect("i18n/locales") {
        let folder = folder.expect("a folder of i18n/locales").path();
        if !folder.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", folder.display());
        let code = folder
            .file_name()
            .and_then(|name| name.to_str())
            .expect("a language folder named by its code")
            .to_owned();
        // A BCP 47 tag's letters, digits and hyphens: it goes into `<html lang>` and a URL.
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "locales/{code} is not named by a language code"
        );
        let mut files: Vec<String> = fs::read_dir(&folder)
            .expect("a language's folder")
            .map(|file| file.expect("a file").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .map(|path| {
                println!("cargo:rerun-if-changed={}", path.display());
                path.display().to_string()
            })
            .collect();
        files.sort();
        // The text the crate compiles in: each file, then a line break.
        let source: String = files
            .iter()
            .map(|file| fs::read_to_string(file).expect("a readable .ftl file") + "\n")
            .collect();
        let own_name = source
            .lines()
            .filter_map(|line| line.strip_prefix("language-own-name"))
            .find_map(|rest| rest.trim_start().strip_prefix('='))
            .map(|name| name.trim().to_owned())
            .unwrap_or_else(|| panic!("locales/{code} has no `language-own-name` message"));
        let file_name = format!("{code}.{:016x}.ftl", fnv1a(source.as_bytes()));
        languages.push((code, own_name, files, file_name));
    }
    // English first: it is the fallback and the API's language. The rest by code.
    languages.sort_by(|(a, ..), (b, ..)| (a != "en", a).cmp(&(b != "en", b)));
    assert!(
        languages.first().is_some_and(|(code, ..)| code == "en"),
        "locales/en is missing: English is the fallback and the API's language"
    );

    let mut out = String::from("const LANGUAGES: &[LanguageFiles] = &[\n");
    for (code, own_name, files, file_name) in &languages {
        let includes: Vec<String> = files
            .iter()
            .map(|file| format!("include_str!({file:?}), \"\\n\""))
            .collect();
        writeln!(
            out,
            "    LanguageFiles {{ code: {code:?}, own_name: {own_name:?}, \
             #[cfg(not(target_arch = \"wasm32\"))] source: concat!({}), \
             #[cfg(not(target_arch = \"wasm32\"))] file_name: {file_name:?} }},",
            includes.join(", ")
        )
        .expect("writing to a string");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("languages.rs");
    fs::write(target, out).expect("writing languages.rs");
}

/// FNV-1a, 64 bits: the same for the same text in every build and on every machine, so every
/// replica of a release names a language's file alike. It tells versions apart; it guards
/// nothing.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
