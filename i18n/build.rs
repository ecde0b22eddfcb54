//! Lists the languages in `locales/` for the crate (`$OUT_DIR/languages.rs`): each one's code,
//! its name in itself (its `language-own-name` message) and its files. The list is known without
//! the files' text, so the browser's bundle can name every language while carrying none of them.

use std::{fmt::Write, fs, path::Path};

fn main() {
    let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", locales.display());
    let mut languages: Vec<(String, String, Vec<String>)> = Vec::new();
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
        let own_name = files
            .iter()
            .flat_map(|file| {
                let text = fs::read_to_string(file).expect("a readable .ftl file");
                text.lines()
                    .filter_map(|line| line.strip_prefix("language-own-name"))
                    .filter_map(|rest| rest.trim_start().strip_prefix('='))
                    .map(|name| name.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .next()
            .unwrap_or_else(|| panic!("locales/{code} has no `language-own-name` message"));
        languages.push((code, own_name, files));
    }
    // English first: it is the fallback and the API's language. The rest by code.
    languages.sort_by(|(a, _, _), (b, _, _)| (a != "en", a).cmp(&(b != "en", b)));

    let mut out = String::from("const LANGUAGES: &[LanguageFiles] = &[\n");
    for (code, own_name, files) in &languages {
        let includes: Vec<String> = files
            .iter()
            .map(|file| format!("include_str!({file:?}), \"\\n\""))
            .collect();
        writeln!(
            out,
            "    LanguageFiles {{ code: {code:?}, own_name: {own_name:?}, \
             #[cfg(not(target_arch = \"wasm32\"))] source: concat!({}) }},",
            includes.join(", ")
        )
        .expect("writing to a string");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("languages.rs");
    fs::write(target, out).expect("writing languages.rs");
}
