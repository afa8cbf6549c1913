
function gdxStart(root){
if(!root||root.dataset.gdxOn)return;root.dataset.gdxOn=1;
var NS='http://www.w3.org/2000/svg',data=JSON.parse(root.querySelector('.gdx-data').textContent);
var groups=root.querySelectorAll('g.gdx-fg'),tops=root.querySelectorAll('g.gdx-top'),inputs=root.querySelectorAll('input[type=range]');
var outs=root.querySelectorAll('output'),readout=root.querySelector('.gdx-readout'),svg=root.querySelector('svg.gdx-svg');
function pairs(a){var s=[];for(var i=0;i<a.length;i+=2)s.push(a[i]+','+a[i+1]);return s.join(' ');}
function el(tag,attrs){var e=document.createElementNS(NS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);return e;}
function draw(p,g){
 if(p[0]==='l'){var a={fill:'none',stroke:p[1],'stroke-width':p[2],'stroke-linejoin':'round',points:pairs(p[4])};
  if(p[3])a['stroke-dasharray']='6 4';g.appendChild(el('polyline',a));}
 else if(p[0]==='c'){for(var i=0;i<p[3].length;i+=2)g.appendChild(el('circle',{cx:p[3][i],cy:p[3][i+1],r:p[2],fill:p[1]}));}
 else if(p[0]==='p'){g.appendChild(el('polygon',{fill:p[1],points:pairs(p[2])}));}
 else if(p[0]==='t'){var t=el('text',{x:p[2],y:p[3],fill:p[1],'text-anchor':p[5]});t.textContent=p[4];g.appendChild(t);}
}
function update(){
 var key=Array.prototype.map.call(inputs,function(i){return i.value;}).join(','),f=data.frames[key];
 groups.forEach(function(g,k){var t=tops[k];[g,t].forEach(function(e){while(e.firstChild)e.removeChild(e.firstChild);});
  f.p[k].forEach(function(p){draw(p,p.length>(p[0]==='t'?6:p[0]==='l'?5:99)&&p[p.length-1]?t:g);});});
 readout.textContent=f.t;
 var set=[];
 inputs.forEach(function(inp,j){var v=data.labels[j][inp.value];outs[j].value=v;outs[j].textContent=v;inp.setAttribute('aria-valuetext',v);set.push(data.names[j]+' '+v);});
 svg.setAttribute('aria-label',data.name+' ('+set.join(', ')+'): '+f.t);
}
inputs.forEach(function(i){i.addEventListener('input',update);});
}
