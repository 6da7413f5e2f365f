//! placeholder
use super::Course;
pub fn guide_pdf(_course: &Course) -> Vec<u8> {
    Vec::new()
}
