//! Several Portcullis instances in one process, on a runtime with several
//! threads, as production serves many requests at once.

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_another_instance_never_stalls_the_pages_of_one_already_serving() {
    let app = spawn_app().await;
    let pages = async {
        for _ in 0..300 {
            let page = app.get_page("/login").await;
            assert_eq!(page.status(), 200);
            // Rendered in full: the page waited for its data and got it.
            assert!(page.text().await.unwrap().contains("</html>"));
        }
    };
    let starts = async {
        for _ in 0..12 {
            let mut other = spawn_app().await;
            other.stop().await;
        }
    };
    tokio::join!(pages, starts);
}
