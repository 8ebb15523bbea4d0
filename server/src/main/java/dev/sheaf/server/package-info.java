package dev.sheaf.server;
