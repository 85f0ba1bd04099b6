//! Fuzzing the dataset reader (`kinerja load FILE`, the demo): the demo file and the example of
//! docs/dataset-format.md, mutated. Every file is read or refused with its place; nothing panics.
//! See `../../kinerja-domain/tests/support/fuzz.rs` for how it runs (`KINERJA_FUZZ_SECONDS`).

#[allow(dead_code)]
#[path = "../src/dataset.rs"]
mod dataset;
#[path = "../../kinerja-domain/tests/support/fuzz.rs"]
mod fuzz;

#[test]
fn dataset_files() {
    let demo = include_str!("../../../data/demo/kpu-kota-metro-2024.toml");
    let doc = include_str!("../../../docs/dataset-format.md");
    let mut corpus = vec![demo.as_bytes().to_vec()];
    // Every TOML block of the format's documentation.
    for block in doc.split("```toml").skip(1) {
        if let Some((toml, _)) = block.split_once("```") {
            corpus.push(toml.as_bytes().to_vec());
        }
    }
    assert!(corpus.len() >= 2, "the documentation has its example");
    fuzz::run("dataset", &corpus, |bytes| {
        let text = String::from_utf8_lossy(bytes);
        if let Err(e) = dataset::parse("uji.toml", &text) {
            // A refusal says where: the file's name begins it.
            assert!(e.to_string().starts_with("uji.toml"), "{e}");
        }
    });
}
