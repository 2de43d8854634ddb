// style.css is bundled as text (esbuild's text loader) and put into a <style> element.
declare module '*.css' {
  const text: string;
  export default text;
}
