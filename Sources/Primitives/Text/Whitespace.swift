extension StringProtocol {
    /// Spaces, tabs and line ends trimmed from both ends (FoundationEssentials has no
    /// `trimmingCharacters(in:)`); every module reading settings or wire text uses this one.
    public func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
