//! Shared data compared by identity.
//!
//! `Rc<T>`'s `PartialEq` compares the values, so a prop holding a whole
//! transcript or a 100,000-row list would be compared element by element on
//! every render (that made a 20,000-turn file take seconds to show). Big
//! immutable data is never changed in place here, so the same pointer means
//! the same data, and a new value always comes in a new `Rc`.

use std::ops::Deref;
use std::rc::Rc;

#[derive(Debug, Default)]
pub struct ByPtr<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Clone for ByPtr<T> {
    fn clone(&self) -> Self {
        ByPtr(self.0.clone())
    }
}

impl<T: ?Sized> PartialEq for ByPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: ?Sized> Deref for ByPtr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized> From<Rc<T>> for ByPtr<T> {
    fn from(rc: Rc<T>) -> Self {
        ByPtr(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_when_the_same_allocation() {
        let a = ByPtr(Rc::new(vec![1, 2, 3]));
        let b = ByPtr(Rc::new(vec![1, 2, 3]));
        assert_eq!(a, a.clone());
        assert_ne!(a, b);
    }
}
