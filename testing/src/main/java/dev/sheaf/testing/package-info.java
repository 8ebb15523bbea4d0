package dev.sheaf.testing;
