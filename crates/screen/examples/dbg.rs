use huonguoc_screen::{ScreenOptions, Screener};
fn main() {
    let s = Screener::embedded().unwrap();
    for t in std::env::args().skip(1) {
        let sc = s.screen_with(
            &t,
            &ScreenOptions {
                keep_all: false,
                ..Default::default()
            },
        );
        for f in sc.findings {
            println!(
                "{} | {} | {}",
                f.rule,
                f.location,
                f.message.split("Dấu hiệu").nth(1).unwrap_or("")
            );
        }
        println!("--");
    }
}
