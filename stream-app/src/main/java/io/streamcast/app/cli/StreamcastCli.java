package io.streamcast.app.cli;
public class StreamcastCli { public static void main(String[] a) {} }
