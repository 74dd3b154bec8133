// The types of pdf-lib's one-file build (print/pdf-lib.ts) are the package's own.
declare module "pdf-lib/dist/pdf-lib.esm.min.js" {
  export * from "pdf-lib";
}
