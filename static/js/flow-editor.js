/* Flow editor: the picture beside a picture menu follows the choice at once.
   Without this script the preview updates when the question is saved. */
(function () {
  'use strict';
  document.addEventListener('change', function (e) {
    var select = e.target;
    if (!select || select.tagName !== 'SELECT') return;
    var img = document.querySelector('img[data-preview-for="' + select.id + '"]');
    if (!img) return;
    img.hidden = !select.value;
    if (select.value) img.src = img.getAttribute('data-img-url') + select.value + '.svg';
  });
}());
