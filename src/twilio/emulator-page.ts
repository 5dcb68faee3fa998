// The emulator's chat page: plain HTML + fetch, no build step.
export const EMULATOR_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sufrah — WhatsApp emulator</title>
<style>
body{font-family:system-ui,sans-serif;max-width:640px;margin:2rem auto;background:#ece5dd}
#log{background:#fff;border-radius:8px;padding:1rem;height:60vh;overflow-y:auto}
.in,.out{white-space:pre-wrap;margin:.4rem 0;padding:.5rem .7rem;border-radius:8px;max-width:80%;unicode-bidi:plaintext}
.in{background:#dcf8c6;margin-left:auto}.out{background:#f1f0f0}
form{display:flex;gap:.5rem;margin-top:.5rem}input[name=text]{flex:1;padding:.5rem}
</style></head><body>
<h1>Chat with {{RESTAURANT}}</h1>
<p>Customer: <input id="customer" value="whatsapp:+966500000001" size="24">
 · type a message, a number, or a button ID (e.g. <code>new_order</code>) · <button id="loc">Share Olaya location</button></p>
<div id="log"></div>
<form id="f"><input name="text" autocomplete="off" placeholder="مرحبا / hi"><button>Send</button></form>
<script>
const log=document.getElementById('log'),customer=()=>document.getElementById('customer').value;
async function send(body){await fetch('send',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({customer:customer(),...body})});refresh();}
document.getElementById('f').onsubmit=e=>{e.preventDefault();const t=e.target.text.value.trim();if(!t)return;e.target.text.value='';
 send(/^[a-z]+_[A-Za-z0-9_]+$|^(more|checkout|cancel|add_item|view_cart|remove_item)$/.test(t)?{buttonPayload:t,text:t}:{text:t});};
document.getElementById('loc').onclick=()=>send({latitude:24.6935,longitude:46.6860,text:''});
async function refresh(){const r=await fetch('messages?customer='+encodeURIComponent(customer()));const lines=await r.json();
 log.innerHTML='';for(const l of lines){const d=document.createElement('div');d.className=l.direction;d.textContent=l.body;log.appendChild(d);}
 log.scrollTop=log.scrollHeight;}
setInterval(refresh,1000);refresh();
</script></body></html>`;
