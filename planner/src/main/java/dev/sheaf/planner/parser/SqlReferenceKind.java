package dev.sheaf.planner.parser;

/** The named references to a table version: tags (fixed) and branches (movable, writable). */
public enum SqlReferenceKind {
  TAG,
  BRANCH
}
