//! The binary Trunk builds: it only mounts the app.

fn main() {
    transcript_explorer::run();
}
