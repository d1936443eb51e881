package io.kulta;
public class KultaMain { public static void main(String[] a) {} }
