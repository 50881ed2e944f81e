/**
 * The script a site includes to show the web form: an iframe where the script tag stands, which grows with the form
 * (the form posts its height), so the host page needs no other code and the form keeps its own origin and cookies.
 */
export function embedScript(formUrl: string): string {
  const url = JSON.stringify(formUrl);
  return `(function () {
  var script = document.currentScript;
  var frame = document.createElement('iframe');
  frame.src = ${url};
  frame.title = script && script.getAttribute('data-title') || 'Contact form';
  frame.style.cssText = 'width:100%;max-width:640px;border:0;min-height:560px';
  frame.setAttribute('loading', 'lazy');
  var origin = new URL(${url}).origin;
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || !event.data || event.data.type !== 'kefu-form-height') return;
    frame.style.height = Math.min(Number(event.data.height) || 560, 4000) + 'px';
  });
  if (script && script.parentNode) script.parentNode.insertBefore(frame, script.nextSibling);
  else document.body.appendChild(frame);
})();
`;
}
