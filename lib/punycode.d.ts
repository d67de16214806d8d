// punycode.js ships no types for its ES module entry (the `punycode` name itself is Node's
// deprecated built-in, so we import the file by path).
declare module "punycode/punycode.es6.js" {
  export function toUnicode(domain: string): string;
  export function toASCII(domain: string): string;
}
